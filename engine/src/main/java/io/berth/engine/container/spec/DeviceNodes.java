package io.berth.engine.container.spec;

import io.berth.oci.runtime.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Reads a device node's type, numbers, mode and owner, for {@code --device} and privileged containers. */
public final class DeviceNodes {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private DeviceNodes() {}

  /**
   * The node at {@code file} (symlinks followed, as {@code --device /dev/disk/by-id/...} expects) as a
   * device at {@code containerPath}; empty when {@code file} is not a character or block device.
   */
  public static Optional<Device> describe(Path file, String containerPath) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:mode,rdev,uid,gid");
    return toDevice(a, containerPath);
  }

  /** As {@link #describe} without following a final symlink (for scans of /dev). */
  static Optional<Device> describeNoFollow(Path file, String containerPath) throws IOException {
    return toDevice(Files.readAttributes(file, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS), containerPath);
  }

  private static Optional<Device> toDevice(Map<String, Object> a, String containerPath) {
    int mode = (Integer) a.get("mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      default -> null;
    };
    if (type == null) return Optional.empty();
    long rdev = (Long) a.get("rdev");
    return Optional.of(new Device(containerPath, type, major(rdev), minor(rdev), Optional.of(mode & 07777),
        Optional.of(((Integer) a.get("uid")).longValue()), Optional.of(((Integer) a.get("gid")).longValue())));
  }

  // glibc's dev_t encoding: major is bits 8-19 and 32-43, minor bits 0-7 and 20-31.
  static long major(long rdev) { return ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L); }

  static long minor(long rdev) { return (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L); }
}
