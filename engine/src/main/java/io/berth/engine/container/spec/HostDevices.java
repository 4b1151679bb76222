package io.berth.engine.container.spec;

import io.berth.oci.runtime.Device;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The host's character and block devices under /dev, for privileged containers (as Docker does). */
final class HostDevices {
  private HostDevices() {}

  // Directories that belong to the container itself (its own devpts, shm, mqueue) or are per-process.
  private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

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
    return DeviceNodes.describeNoFollow(file, "/dev/" + dev.relativize(file));
  }
}
