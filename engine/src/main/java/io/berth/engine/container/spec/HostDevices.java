package io.berth.engine.container.spec;

import io.berth.oci.runtime.Device;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The host's character and block devices under /dev, for privileged containers (as Docker does). */
final class HostDevices {
  private HostDevices() {}

  // Directories that belong to the container itself (its own devpts, shm, mqueue) or are per-process.
  private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  static List<Device> scan(Path dev) {
    List<Device> devices = new ArrayList<>();
    try {
      Files.walkFileTree(dev, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(dev) && SKIPPED_DIRS.contains(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (attrs.isOther() && !file.toString().equals("/dev/console")) toDevice(dev, file).ifPresent(devices::add);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE; // a device vanished while we walked: skip it
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(devices);
  }

  private static Optional<Device> toDevice(Path dev, Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      default -> null;
    };
    if (type == null) return Optional.empty();
    long rdev = (Long) a.get("rdev");
    // glibc's dev_t encoding: major is bits 8-19 and 32-43, minor bits 0-7 and 20-31.
    long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L);
    long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
    String path = "/dev/" + dev.relativize(file);
    return Optional.of(new Device(path, type, major, minor, Optional.of(mode & 07777),
        Optional.of(((Integer) a.get("uid")).longValue()), Optional.of(((Integer) a.get("gid")).longValue())));
  }
}
