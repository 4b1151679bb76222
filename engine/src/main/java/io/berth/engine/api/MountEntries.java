package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.BindMount;
import io.berth.engine.container.MountRequest;
import io.berth.engine.container.TmpfsMount;
import io.berth.engine.container.VolumeMount;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code HostConfig.Mounts} entry ({@code --mount}) or {@code HostConfig.Tmpfs} entry, checked as
 * moby's {@code validateMountConfig} does, with its texts ({@code invalid mount config for type
 * "volume": field BindOptions must not be specified}).
 */
final class MountEntries {
  /** tmpfs options mount(8) knows for tmpfs (moby {@code ParseTmpfsOptions} accepts these flags). */
  private static final Set<String> TMPFS_FLAGS = Set.of("ro", "rw", "exec", "noexec", "suid", "nosuid", "dev",
      "nodev", "atime", "noatime", "diratime", "nodiratime", "relatime", "norelatime", "strictatime", "sync",
      "async", "dirsync", "mand", "nomand", "defaults", "private", "rprivate", "shared", "rshared", "slave",
      "rslave", "tmpcopyup");
  private static final Set<String> TMPFS_KEYS = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks",
      "mpol", "huge", "inode64", "noswap");

  private MountEntries() {}

  static MountRequest parse(JsonNode m) {
    String type = m.path("Type").asText("");
    String source = m.path("Source").asText("");
    String target = m.path("Target").asText("");
    boolean readOnly = m.path("ReadOnly").asBoolean(false);
    return switch (type) {
      case "bind" -> {
        refuse(type, m, "VolumeOptions", "TmpfsOptions");
        JsonNode opts = m.path("BindOptions");
        yield BindMount.ofMount(source, target, readOnly, opts.path("Propagation").asText(""),
            opts.path("CreateMountpoint").asBoolean(false));
      }
      case "volume" -> {
        refuse(type, m, "BindOptions", "TmpfsOptions");
        String problem = VolumeMount.targetProblem(target);
        if (problem == null && source.isEmpty() && readOnly) {
          problem = "must not set ReadOnly mode when using anonymous volumes";
        }
        if (problem != null) throw invalid(type, problem);
        JsonNode vo = m.path("VolumeOptions");
        if (!vo.path("Subpath").asText("").isEmpty()) throw invalid(type, "volume subpaths are not supported");
        JsonNode driver = vo.path("DriverConfig");
        yield new VolumeMount(source, clean(target), readOnly, "", vo.path("NoCopy").asBoolean(false),
            driver.path("Name").asText(""), CreateRequests.stringMap(driver.get("Options")),
            CreateRequests.stringMap(vo.get("Labels")), true);
      }
      case "tmpfs" -> {
        refuse(type, m, "BindOptions", "VolumeOptions");
        if (!source.isEmpty()) throw invalid(type, "field Source must not be specified");
        String problem = VolumeMount.targetProblem(target);
        if (problem != null) throw invalid(type, problem);
        JsonNode to = m.path("TmpfsOptions");
        long size = to.path("SizeBytes").asLong(0);
        if (size < 0) throw invalid(type, "invalid tmpfs size: " + size);
        yield new TmpfsMount(clean(target), data(size, to.path("Mode").asInt(0)), readOnly, true);
      }
      case "image", "npipe", "cluster" -> throw BerthException.invalid("mount type %s is not supported", type);
      default -> throw invalid(type, "mount type unknown");
    };
  }

  /** A {@code HostConfig.Tmpfs} entry: {@code "/run": "size=64m,mode=1777"}. */
  static TmpfsMount tmpfs(String destination, String data) {
    String problem = VolumeMount.targetProblem(destination);
    if (problem != null) throw invalid("tmpfs", problem);
    for (String o : data.split(",")) {
      if (o.isEmpty()) continue;
      int eq = o.indexOf('=');
      boolean ok = eq > 0 ? TMPFS_KEYS.contains(o.substring(0, eq)) : TMPFS_FLAGS.contains(o);
      if (!ok) throw BerthException.invalid("invalid tmpfs option [\"%s\"] for %s", o, destination);
    }
    return new TmpfsMount(clean(destination), data, false, false);
  }

  /**
   * moby {@code ConvertTmpfsOptions}: the size with the largest suffix that divides it, the mode in
   * octal.
   */
  static String data(long sizeBytes, int mode) {
    List<String> out = new ArrayList<>();
    if (sizeBytes != 0) {
      String suffix = "";
      long size = sizeBytes;
      for (var s : List.of(new Object[] {"g", 1L << 30}, new Object[] {"m", 1L << 20}, new Object[] {"k", 1L << 10})) {
        long d = (Long) s[1];
        if (size % d == 0) {
          size /= d;
          suffix = (String) s[0];
          break;
        }
      }
      out.add("size=" + size + suffix);
    }
    if (mode != 0) out.add("mode=" + Integer.toOctalString(mode));
    return String.join(",", out);
  }

  private static void refuse(String type, JsonNode m, String... fields) {
    for (String f : fields) {
      if (m.hasNonNull(f)) throw invalid(type, "field " + f + " must not be specified");
    }
  }

  private static String clean(String p) {
    return java.nio.file.Path.of(p).normalize().toString();
  }

  private static BerthException invalid(String type, String problem) {
    return BerthException.invalid("invalid mount config for type \"%s\": %s", type, problem);
  }
}
