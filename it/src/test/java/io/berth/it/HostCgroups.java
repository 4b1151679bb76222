package io.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a container's cgroup files on the host, for tests that prove a limit from outside the
 * container: {@code /sys/fs/cgroup/<controller>/berth/<id>} on v1 and hybrid hosts,
 * {@code /sys/fs/cgroup/berth/<id>} on v2 (where {@code v1File} names are not used).
 */
final class HostCgroups {
  static final Path ROOT = Path.of("/sys/fs/cgroup");

  private HostCgroups() {}

  static boolean unified() {
    return Files.exists(ROOT.resolve("cgroup.controllers"));
  }

  static Path dir(String controller, String cgroupPath) {
    String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    return unified() ? ROOT.resolve(rel) : ROOT.resolve(controller).resolve(rel);
  }

  static String read(String controller, String cgroupPath, String file) {
    try {
      return Files.readString(dir(controller, cgroupPath).resolve(file)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time used by the container so far, in nanoseconds. */
  static long cpuNanos(String cgroupPath) {
    if (!unified()) return Long.parseLong(read("cpuacct", cgroupPath, "cpuacct.usage"));
    for (String line : read("cpu", cgroupPath, "cpu.stat").lines().toList()) {
      if (line.startsWith("usage_usec ")) return Long.parseLong(line.substring(11).strip()) * 1000;
    }
    throw new AssertionError("no usage_usec in cpu.stat");
  }

  static long pidsCurrent(String cgroupPath) {
    return Long.parseLong(read("pids", cgroupPath, "pids.current"));
  }

  /** True when the host's blkio (v1) or io (v2) controller has a weight file. */
  static boolean blkioWeightSupported() {
    if (unified()) return Files.exists(ROOT.resolve("io.weight")) || Files.exists(ROOT.resolve("io.bfq.weight"));
    return Files.exists(ROOT.resolve("blkio/blkio.weight")) || Files.exists(ROOT.resolve("blkio/blkio.bfq.weight"));
  }

  /** Removes cgroup directory {@code path} from every hierarchy (children first); absent ones are skipped. */
  static void removeEverywhere(String path) {
    String rel = path.startsWith("/") ? path.substring(1) : path;
    try (var hierarchies = Files.list(ROOT)) {
      for (Path h : hierarchies.toList()) {
        Path dir = unified() ? ROOT.resolve(rel) : h.resolve(rel);
        if (!Files.isDirectory(dir)) continue;
        try (var walk = Files.walk(dir)) {
          for (Path d : walk.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(d);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
