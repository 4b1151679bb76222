package io.berth.engine.volume;

import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device of a local volume created with options ({@code -o type=tmpfs,device=tmpfs,o=size=64m},
 * {@code -o type=none,o=bind,device=/srv/data}): mounted on the volume's data directory the first time
 * a container uses it, as moby's local driver does, and unmounted when the last running container
 * using it stops (or the volume is removed). Otherwise (and for volumes without options) the data
 * directory is a plain directory.
 */
final class VolumeDevices {
  private VolumeDevices() {}

  /** True when {@code v} has a device to mount. */
  static boolean hasDevice(Volume v) {
    return io.berth.engine.container.VolumeAccess.hasDevice(v.options());
  }

  /** Mounts {@code v}'s device on its data directory unless it is mounted already. */
  static void mount(Volume v) {
    if (!hasDevice(v) || isMountPoint(v.mountpoint())) return;
    Map<String, String> o = v.options();
    String type = o.getOrDefault("type", "none");
    String device = o.getOrDefault("device", type);
    List<String> options = new ArrayList<>();
    for (String s : o.getOrDefault("o", "").split(",")) if (!s.isEmpty()) options.add(s);
    try {
      Mounts.mount(new Snapshotter.Mount(type, device, options), v.mountpoint());
    } catch (IOException e) {
      // moby's wording: "error while mounting volume '<path>': failed to mount local volume: ..."
      throw BerthException.internal("error while mounting volume '" + v.mountpoint()
          + "': failed to mount local volume: mount " + device + ":" + v.mountpoint() + ", data: "
          + String.join(",", options) + ": " + e.getMessage(), e);
    }
  }

  /** Unmounts what {@link #mount} put on {@code v}'s data directory, if anything. */
  static void unmount(Volume v) throws IOException {
    if (hasDevice(v)) Mounts.unmount(v.mountpoint());
  }

  /** Whether {@code dir} is a mount point of this mount namespace (by /proc/self/mountinfo). */
  static boolean isMountPoint(Path dir) {
    try {
      String target = dir.toRealPath().toString();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length > 4 && unescape(f[4]).equals(target)) return true;
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
