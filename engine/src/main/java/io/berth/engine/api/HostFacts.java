package io.berth.engine.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the host for /info and /version, read once from /proc and /etc. */
record HostFacts(String kernelVersion, String operatingSystem, String osVersion, String hostname, int ncpu,
    long memTotal, String cgroupVersion) {

  static HostFacts read() {
    String kernel = firstLine("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version"));
    String pretty = "Linux";
    String version = "";
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) pretty = unquote(line.substring(12));
        if (line.startsWith("VERSION_ID=")) version = unquote(line.substring(11));
      }
    } catch (IOException e) {
      // keep the defaults
    }
    long mem = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) mem = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // unknown
    }
    String cgroup = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    return new HostFacts(kernel, pretty, version, firstLine("/proc/sys/kernel/hostname").orElse("localhost"),
        Runtime.getRuntime().availableProcessors(), mem, cgroup);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  private static Optional<String> firstLine(String path) {
    try {
      return Optional.of(Files.readAllLines(Path.of(path)).getFirst().trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
