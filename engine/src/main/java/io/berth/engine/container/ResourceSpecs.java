package io.berth.engine.container;

import io.berth.engine.container.spec.DeviceNodes;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Device;
import io.berth.oci.runtime.DeviceCgroup;
import io.berth.oci.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a container's {@link ResourceLimits} into the OCI config's cgroup resources and device
 * nodes, as moby's {@code oci_linux.go} does: CPU quota/period from {@code --cpus} over a 100 ms
 * period, {@code --pids-limit} 0 or negative as "unlimited", block devices named by path resolved to
 * their major:minor numbers. Device paths are read from the host at the time of the call (create
 * checks them, start resolves them again: a device may come and go in between).
 */
public final class ResourceSpecs {
  /** Docker's CFS period for {@code --cpus}: 100 ms. */
  static final long NANO_CPU_PERIOD_US = 100_000;

  private ResourceSpecs() {}

  /** Memory, cpu, pids and blockIO limits plus the allow rules for {@code --device}/{@code --device-cgroup-rule}. */
  public static Resources limits(ResourceLimits r, List<Device> devices) throws IOException {
    List<DeviceCgroup> rules = new ArrayList<>();
    for (Device d : devices) {
      rules.add(DeviceCgroup.allow(d.type(), Optional.of(d.major()), Optional.of(d.minor()), permissions(d, r)));
    }
    for (String rule : r.deviceCgroupRules()) rules.add(rule(rule));
    return new Resources(rules, memory(r), cpu(r), r.pidsLimit().map(l -> new Resources.Pids(l <= 0 ? -1 : l)),
        blockIO(r));
  }

  /** The {@code --device} nodes, each at its container path; a missing host path is Docker's error. */
  public static List<Device> devices(ResourceLimits r) throws IOException {
    List<Device> out = new ArrayList<>();
    for (ResourceLimits.DeviceMapping m : r.devices()) {
      Path host = Path.of(m.pathOnHost());
      String target = m.pathInContainer().isEmpty() ? m.pathOnHost() : m.pathInContainer();
      try {
        if (Files.isDirectory(host)) {
          // Docker: a directory maps every device below it, keeping the relative paths
          try (Stream<Path> walk = Files.walk(host)) {
            for (Path p : walk.toList()) {
              if (p.equals(host)) continue;
              DeviceNodes.describe(p, target + "/" + host.relativize(p)).ifPresent(out::add);
            }
          }
          continue;
        }
        out.add(DeviceNodes.describe(host, target).orElseThrow(() -> BerthException.invalid(
            "error gathering device information while adding custom device \"%s\": not a device node", m.pathOnHost())));
      } catch (NoSuchFileException e) {
        throw BerthException.invalid("error gathering device information while adding custom device \"%s\": "
            + "no such file or directory", m.pathOnHost());
      }
    }
    return List.copyOf(out);
  }

  private static String permissions(Device d, ResourceLimits r) {
    for (ResourceLimits.DeviceMapping m : r.devices()) {
      String target = m.pathInContainer().isEmpty() ? m.pathOnHost() : m.pathInContainer();
      if (d.path().equals(target) || d.path().startsWith(target + "/")) {
        return m.cgroupPermissions().isEmpty() ? "rwm" : m.cgroupPermissions();
      }
    }
    return "rwm";
  }

  /** {@code "c 1:3 rwm"}, with {@code *} for any number (format checked at create). */
  static DeviceCgroup rule(String rule) {
    String[] parts = rule.trim().split(" ");
    if (parts.length != 3 || !parts[1].contains(":")) throw BerthException.invalid("invalid device cgroup format '%s'", rule);
    String[] numbers = parts[1].split(":", 2);
    return new DeviceCgroup(true, Optional.of(parts[0]), number(numbers[0]), number(numbers[1]), Optional.of(parts[2]));
  }

  private static Optional<Long> number(String s) {
    return s.equals("*") ? Optional.empty() : Optional.of(Long.parseLong(s));
  }

  private static Optional<Resources.Memory> memory(ResourceLimits r) {
    Optional<Long> limit = positive(r.memory());
    Optional<Long> reservation = positive(r.memoryReservation());
    Optional<Long> swap = positive(r.memorySwap());
    Optional<Boolean> noOomKill = r.oomKillDisable().filter(b -> b);
    if (limit.isEmpty() && reservation.isEmpty() && swap.isEmpty() && r.memorySwappiness().isEmpty()
        && noOomKill.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Resources.Memory(limit, reservation, swap, r.memorySwappiness(), noOomKill));
  }

  private static Optional<Resources.Cpu> cpu(ResourceLimits r) {
    Optional<Long> period = positive(r.cpuPeriod());
    Optional<Long> quota = r.cpuQuota() != 0 ? Optional.of(r.cpuQuota()) : Optional.empty();
    if (r.nanoCpus() > 0) {
      period = Optional.of(NANO_CPU_PERIOD_US);
      quota = Optional.of(r.nanoCpus() * NANO_CPU_PERIOD_US / 1_000_000_000L);
    }
    Optional<String> cpus = r.cpusetCpus().isEmpty() ? Optional.empty() : Optional.of(r.cpusetCpus());
    Optional<String> mems = r.cpusetMems().isEmpty() ? Optional.empty() : Optional.of(r.cpusetMems());
    Optional<Long> shares = positive(r.cpuShares());
    if (shares.isEmpty() && period.isEmpty() && quota.isEmpty() && cpus.isEmpty() && mems.isEmpty()) return Optional.empty();
    return Optional.of(new Resources.Cpu(shares, quota, period, cpus, mems));
  }

  private static Optional<Resources.BlockIO> blockIO(ResourceLimits r) throws IOException {
    List<Resources.WeightDevice> weights = new ArrayList<>();
    for (var w : r.blkioWeightDevice()) {
      Device d = blockDevice(w.path());
      weights.add(new Resources.WeightDevice(d.major(), d.minor(), w.weight()));
    }
    Resources.BlockIO io = new Resources.BlockIO(r.blkioWeight() > 0 ? Optional.of(r.blkioWeight()) : Optional.empty(),
        weights, throttles(r.blkioDeviceReadBps()), throttles(r.blkioDeviceWriteBps()),
        throttles(r.blkioDeviceReadIOps()), throttles(r.blkioDeviceWriteIOps()));
    return io.isEmpty() ? Optional.empty() : Optional.of(io);
  }

  private static List<Resources.ThrottleDevice> throttles(List<ResourceLimits.ThrottleDevice> given) throws IOException {
    List<Resources.ThrottleDevice> out = new ArrayList<>();
    for (var t : given) {
      Device d = blockDevice(t.path());
      out.add(new Resources.ThrottleDevice(d.major(), d.minor(), t.rate()));
    }
    return out;
  }

  /** The block device at {@code path}: Docker stats it; we also insist it is a block device. */
  static Device blockDevice(String path) throws IOException {
    try {
      return DeviceNodes.describe(Path.of(path), path).filter(d -> d.type().equals("b"))
          .orElseThrow(() -> BerthException.invalid("%s is not a block device", path));
    } catch (NoSuchFileException e) {
      throw BerthException.invalid("stat %s: no such file or directory", path);
    }
  }

  private static Optional<Long> positive(long v) {
    return v > 0 ? Optional.of(v) : Optional.empty();
  }
}
