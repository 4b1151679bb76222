package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host directory or file bind-mounted into a container: from {@code HostConfig.Binds}
 * ({@code -v /host:/ctr[:mode]}) or from {@code HostConfig.Mounts} with {@code Type: bind}
 * ({@code --mount type=bind,...}). Paths are cleaned (moby's {@code path.Clean}).
 *
 * @param mode         the mode text of a {@code -v} spec as given ({@code "ro"}, {@code "rw,z"}), shown
 *                     in inspect; empty for {@code --mount}
 * @param propagation  {@code rprivate} (Docker's default), {@code private}, {@code rshared},
 *                     {@code shared}, {@code rslave} or {@code slave}
 * @param createSource Docker's legacy {@code -v} rule: a missing host directory is created at start;
 *                     {@code --mount} refuses a missing source at create instead
 */
public record BindMount(String source, String destination, boolean readOnly, String mode, String propagation,
    boolean createSource) implements MountRequest {
  static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");
  private static final Set<String> RW_MODES = Set.of("ro", "rw");
  private static final Set<String> LABEL_MODES = Set.of("z", "Z");
  private static final Set<String> COPY_MODES = Set.of("nocopy");
  private static final Set<String> CONSISTENCY_MODES = Set.of("consistent", "cached", "delegated");

  public BindMount {
    mode = mode == null ? "" : mode;
    propagation = propagation == null || propagation.isEmpty() ? "rprivate" : propagation;
  }

  /**
   * Parses one {@code HostConfig.Binds} entry with Docker's Linux rules (moby
   * {@code volume/mounts/linux_parser.go ParseMountRaw}) and its error texts: an absolute source is a
   * host bind, any other source a named volume, a lone path an anonymous volume.
   */
  public static MountRequest parseBind(String raw) {
    String[] arr = raw.split(":", 4);
    if (arr[0].isEmpty()) throw invalidSpec(raw);
    String source = "";
    String target;
    String mode = "";
    switch (arr.length) {
      case 1 -> target = arr[0];
      case 2 -> {
        // "/foo:rw" is a destination with a mode: a volume cannot have one.
        if (validMode(arr[1])) throw invalidSpec(raw);
        source = arr[0];
        target = arr[1];
      }
      case 3 -> {
        source = arr[0];
        target = arr[1];
        mode = arr[2];
      }
      default -> throw invalidSpec(raw);
    }
    if (!validMode(mode)) throw BerthException.invalid("invalid mode: %s", mode);
    List<String> words = List.of(mode.split(","));
    boolean readOnly = words.contains("ro");
    String propagation = "";
    boolean copyMode = false;
    for (String o : words) {
      if (PROPAGATIONS.contains(o)) propagation = o;
      if (COPY_MODES.contains(o)) copyMode = true;
    }
    if (!source.startsWith("/")) {
      String problem = VolumeMount.problem(source, target, readOnly);
      if (problem == null && !propagation.isEmpty()) problem = "field BindOptions must not be specified";
      if (problem != null) {
        throw BerthException.invalid("invalid volume specification: '%s': invalid mount config for type \"volume\": %s",
            raw, problem);
      }
      return new VolumeMount(source, clean(target), readOnly, mode, copyMode, "", Map.of(), Map.of(), false);
    }
    String problem = bindProblem(source, target, propagation);
    if (problem == null && copyMode) problem = "field VolumeOptions must not be specified";
    if (problem != null) {
      throw BerthException.invalid("invalid volume specification: '%s': invalid mount config for type \"bind\": %s",
          raw, problem);
    }
    return new BindMount(clean(source), clean(target), readOnly, mode, propagation, true);
  }

  /**
   * A {@code HostConfig.Mounts} entry of type bind (moby {@code ValidateMountConfig}): the source
   * must exist unless {@code createMountpoint}.
   */
  public static BindMount ofMount(String source, String target, boolean readOnly, String propagation,
      boolean createMountpoint) {
    String problem = bindProblem(source, target, propagation);
    if (problem == null && !createMountpoint && !java.nio.file.Files.exists(Path.of(source))) {
      problem = "bind source path does not exist: " + source;
    }
    if (problem != null) throw BerthException.invalid("invalid mount config for type \"bind\": %s", problem);
    return new BindMount(clean(source), clean(target), readOnly, "", propagation, createMountpoint);
  }

  /** Docker's checks of a bind's target, source and propagation; null when fine. */
  private static String bindProblem(String source, String target, String propagation) {
    if (target.isEmpty()) return "field Target must not be empty";
    if (clean(target).equals("/")) return "invalid specification: destination can't be '/'";
    if (!target.startsWith("/")) return "invalid mount path: '" + target + "' mount path must be absolute";
    if (source.isEmpty()) return "field Source must not be empty";
    if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) return "invalid propagation mode: " + propagation;
    if (!source.startsWith("/")) return "invalid mount path: '" + source + "' mount path must be absolute";
    return null;
  }

  /** moby's {@code linuxValidMountMode}: known words, at most one of each kind. */
  static boolean validMode(String mode) {
    if (mode.isEmpty()) return true;
    int rw = 0;
    int label = 0;
    int propagation = 0;
    int copy = 0;
    int consistency = 0;
    for (String o : mode.split(",", -1)) {
      if (RW_MODES.contains(o)) rw++;
      else if (LABEL_MODES.contains(o)) label++;
      else if (PROPAGATIONS.contains(o)) propagation++;
      else if (COPY_MODES.contains(o)) copy++;
      else if (CONSISTENCY_MODES.contains(o)) consistency++;
      else return false;
    }
    return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
  }

  /** Go's {@code path.Clean} for absolute paths: no ".", "..", doubled or trailing slashes. */
  static String clean(String p) {
    if (!p.startsWith("/")) return p;
    List<String> parts = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) {
        if (!parts.isEmpty()) parts.removeLast();
      } else {
        parts.add(s);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static BerthException invalidSpec(String raw) {
    return BerthException.invalid("invalid volume specification: '%s'", raw);
  }

  /** The OCI mount options: Docker's {@code rbind}, {@code ro} when asked, then the propagation. */
  public List<String> ociOptions() {
    List<String> o = new ArrayList<>(List.of("rbind"));
    if (readOnly) o.add("ro");
    o.add(propagation);
    return List.copyOf(o);
  }
}
