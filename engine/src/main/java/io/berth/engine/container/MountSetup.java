package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a container's mount points into OCI mounts at start. As Docker does for {@code -v}, a missing
 * host directory is created (mode 0755) at this point; a {@code --mount} source had to exist at
 * create. Volumes are bound from their data directory (their device mounted there first when they
 * have one); tmpfs mounts get Docker's {@code noexec,nosuid,nodev} unless the user's options say
 * otherwise. The runtime creates each destination inside the container.
 */
final class MountSetup {
  /** Flags that cancel each other: the one given last wins (moby {@code MergeTmpfsOptions}). */
  private static final Map<String, String> OPPOSITES = Map.of("exec", "noexec", "noexec", "exec", "suid", "nosuid",
      "nosuid", "suid", "dev", "nodev", "nodev", "dev", "ro", "rw", "rw", "ro", "atime", "noatime", "noatime", "atime");

  private MountSetup() {}

  static List<Mount> prepare(List<MountPoint> points, VolumeAccess volumes) throws IOException {
    List<Mount> out = new ArrayList<>();
    for (MountPoint mp : points) {
      switch (mp.type()) {
        case BIND -> {
          Path source = Path.of(mp.source());
          if (!Files.exists(source)) {
            if (!mp.createSource()) {
              throw BerthException.invalid("invalid mount config for type \"bind\": bind source path does not exist: %s",
                  mp.source());
            }
            Files.createDirectories(source,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
          }
          out.add(new Mount(mp.destination(), "bind", mp.source(), bindOptions(mp.readOnly(), mp.propagation())));
        }
        case VOLUME -> out.add(new Mount(mp.destination(), "bind", volumes.prepare(mp.name()).toString(),
            bindOptions(mp.readOnly(), "")));
        case TMPFS -> out.add(new Mount(mp.destination(), "tmpfs", "tmpfs", tmpfsOptions(mp.tmpfsData(), mp.readOnly())));
      }
    }
    return out;
  }

  /** Docker's {@code rbind}, {@code ro} when asked, then the propagation ({@code rprivate} by default). */
  static List<String> bindOptions(boolean readOnly, String propagation) {
    List<String> o = new ArrayList<>(List.of("rbind"));
    if (readOnly) o.add("ro");
    o.add(propagation.isEmpty() ? "rprivate" : propagation);
    return List.copyOf(o);
  }

  /**
   * Docker's tmpfs options: {@code noexec,nosuid,nodev}, then the user's; a later flag replaces its
   * opposite and a later {@code key=value} the earlier value of that key.
   */
  static List<String> tmpfsOptions(String data, boolean readOnly) {
    Map<String, String> merged = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
    if (!data.isEmpty()) all.addAll(List.of(data.split(",")));
    if (readOnly) all.add("ro");
    for (String o : all) {
      if (o.isEmpty()) continue;
      int eq = o.indexOf('=');
      if (eq > 0) {
        merged.remove(o.substring(0, eq));
        merged.put(o.substring(0, eq), o);
      } else {
        String opposite = OPPOSITES.get(o);
        if (opposite != null) merged.remove(opposite);
        merged.remove(o);
        merged.put(o, o);
      }
    }
    return List.copyOf(merged.values());
  }
}
