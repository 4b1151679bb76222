package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What spec generation needs to know about the host: the capability bounding set (we cannot grant
 * more), which sysctls exist (runc fails on unknown ones), extra paths to mask, and the host's device
 * nodes (for privileged containers). {@link #probe()} reads them from this machine; tests pass fixed
 * values. Immutable; the device supplier is called per privileged container (devices come and go).
 */
public record HostFacts(Set<String> capabilityBoundingSet, Predicate<String> sysctlExists,
    List<String> extraMaskedPaths, Supplier<List<Device>> hostDevices) {

  public HostFacts {
    capabilityBoundingSet = Set.copyOf(capabilityBoundingSet);
    Objects.requireNonNull(sysctlExists, "sysctlExists");
    extraMaskedPaths = List.copyOf(extraMaskedPaths);
    Objects.requireNonNull(hostDevices, "hostDevices");
  }

  /** Facts of this machine, read from {@code /proc/self/status}, {@code /proc/sys}, {@code /sys} and {@code /dev}. */
  public static HostFacts probe() {
    return new HostFacts(LinuxCapabilities.fromMask(readCapBnd(Path.of("/proc/self/status"))),
        name -> Files.exists(Path.of("/proc/sys", name.replace('.', '/'))),
        thermalThrottlePaths(Path.of("/sys/devices/system/cpu")),
        () -> HostDevices.scan(Path.of("/dev")));
  }

  static long readCapBnd(Path status) {
    try (Stream<String> lines = Files.lines(status)) {
      return lines.filter(l -> l.startsWith("CapBnd:")).findFirst()
          .map(l -> Long.parseUnsignedLong(l.substring("CapBnd:".length()).trim(), 16))
          .orElseThrow(() -> BerthException.internal("no CapBnd in " + status, null));
    } catch (IOException e) {
      throw BerthException.internal("cannot read " + status, e);
    }
  }

  /**
   * Per-CPU {@code thermal_throttle} directories are masked by Docker too: their counters leak host
   * activity and some are writable (moby GHSA-jq35-85cj-fj4p follow-up).
   */
  static List<String> thermalThrottlePaths(Path cpuDir) {
    if (!Files.isDirectory(cpuDir)) return List.of();
    try (Stream<Path> cpus = Files.list(cpuDir)) {
      return cpus.filter(p -> p.getFileName().toString().matches("cpu[0-9]+"))
          .map(p -> p.resolve("thermal_throttle"))
          .filter(Files::isDirectory)
          .map(p -> "/sys/devices/system/cpu/" + p.getParent().getFileName() + "/thermal_throttle")
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
