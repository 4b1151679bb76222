package io.berth.cli.command;

import io.berth.cli.InvalidFlagValue;
import io.berth.client.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The resource-limit flags of {@code run} and {@code create} (docker's names and wording), and
 * their translation into {@link Resources}. Values are kept as typed and parsed with docker's own
 * rules ({@link ResourceFlags}) so that errors read as docker's: a malformed value is an
 * {@link InvalidFlagValue} (exit 125 with the usage), a well-formed but refused one (swappiness out
 * of range, a bad {@code --device}, an unknown {@code --cgroupns}) an {@link IllegalArgumentException},
 * which {@code run}/{@code create} report as "berth: ..." (also 125). Only the flags given are sent.
 */
public final class ResourceOptions {
  @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit") String memory;
  @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap") String memorySwap;
  @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit") String memoryReservation;
  @Option(names = "--memory-swappiness", paramLabel = "int", description = "Tune container memory swappiness (0 to 100) (default -1)") String memorySwappiness;
  @Option(names = "--oom-kill-disable", description = "Disable OOM Killer") boolean oomKillDisable;
  @Option(names = "--oom-score-adj", paramLabel = "int", description = "Tune host's OOM preferences (-1000 to 1000)") String oomScoreAdj;
  @Option(names = "--shm-size", paramLabel = "bytes", description = "Size of /dev/shm") String shmSize;
  @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs") String cpus;
  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)") String cpuShares;
  @Option(names = "--cpu-period", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) period") String cpuPeriod;
  @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) quota") String cpuQuota;
  @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)") String cpusetCpus;
  @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)") String cpusetMems;
  @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)") String pidsLimit;
  @Option(names = "--blkio-weight", paramLabel = "uint16", description = "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)") String blkioWeight;
  @Option(names = "--blkio-weight-device", paramLabel = "list", description = "Block IO weight (relative device weight) (default [])") List<String> blkioWeightDevice = new ArrayList<>();
  @Option(names = "--device-read-bps", paramLabel = "list", description = "Limit read rate (bytes per second) from a device (default [])") List<String> deviceReadBps = new ArrayList<>();
  @Option(names = "--device-write-bps", paramLabel = "list", description = "Limit write rate (bytes per second) to a device (default [])") List<String> deviceWriteBps = new ArrayList<>();
  @Option(names = "--device-read-iops", paramLabel = "list", description = "Limit read rate (IO per second) from a device (default [])") List<String> deviceReadIops = new ArrayList<>();
  @Option(names = "--device-write-iops", paramLabel = "list", description = "Limit write rate (IO per second) to a device (default [])") List<String> deviceWriteIops = new ArrayList<>();
  @Option(names = "--device", paramLabel = "list", description = "Add a host device to the container") List<String> devices = new ArrayList<>();
  @Option(names = "--device-cgroup-rule", paramLabel = "list", description = "Add a rule to the cgroup allowed devices list") List<String> deviceCgroupRules = new ArrayList<>();
  @Option(names = "--ulimit", paramLabel = "ulimit", description = "Ulimit options (default [])") List<String> ulimits = new ArrayList<>();
  @Option(names = "--cgroup-parent", paramLabel = "string", description = "Optional parent cgroup for the container") String cgroupParent;
  @Option(names = "--cgroupns", paramLabel = "string", description = "Cgroup namespace to use (host|private)%n"
      + "'host':    Run the container in the Docker host's cgroup namespace%n"
      + "'private': Run the container in its own private cgroup namespace%n"
      + "'':        Use the cgroup namespace as configured by the%n"
      + "           default-cgroupns-mode option on the daemon (default)") String cgroupns;

  /** The limits these flags ask for ({@link Resources#NONE} when none is given). */
  public Resources toResources() {
    var b = Resources.builder();
    // flag-time checks first (pflag refuses these while parsing), then docker's later validation
    if (memory != null) b.memory(flag("-m, --memory", memory, ResourceFlags::ramInBytes));
    if (memorySwap != null) b.memorySwap(flag("--memory-swap", memorySwap, ResourceFlags::memorySwap));
    if (memoryReservation != null) b.memoryReservation(flag("--memory-reservation", memoryReservation, ResourceFlags::ramInBytes));
    Long swappiness = memorySwappiness == null ? null : flag("--memory-swappiness", memorySwappiness, v -> ResourceFlags.parseInt(v, 64));
    if (oomKillDisable) b.oomKillDisable(true);
    if (oomScoreAdj != null) b.oomScoreAdj((int) (long) flag("--oom-score-adj", oomScoreAdj, v -> ResourceFlags.parseInt(v, 64)));
    if (shmSize != null) b.shmSize(flag("--shm-size", shmSize, ResourceFlags::ramInBytes));
    if (cpus != null) b.nanoCpus(flag("--cpus", cpus, ResourceFlags::nanoCpus));
    if (cpuShares != null) b.cpuShares(flag("-c, --cpu-shares", cpuShares, v -> ResourceFlags.parseInt(v, 64)));
    if (cpuPeriod != null) b.cpuPeriod(flag("--cpu-period", cpuPeriod, v -> ResourceFlags.parseInt(v, 64)));
    if (cpuQuota != null) b.cpuQuota(flag("--cpu-quota", cpuQuota, v -> ResourceFlags.parseInt(v, 64)));
    if (cpusetCpus != null) b.cpusetCpus(cpusetCpus);
    if (cpusetMems != null) b.cpusetMems(cpusetMems);
    if (pidsLimit != null) b.pidsLimit(flag("--pids-limit", pidsLimit, v -> ResourceFlags.parseInt(v, 64)));
    if (blkioWeight != null) b.blkioWeight((int) (long) flag("--blkio-weight", blkioWeight, v -> ResourceFlags.parseUint(v, 16)));
    if (!blkioWeightDevice.isEmpty()) b.blkioWeightDevice(each("--blkio-weight-device", blkioWeightDevice, ResourceFlags::weightDevice));
    if (!deviceReadBps.isEmpty()) b.blkioDeviceReadBps(each("--device-read-bps", deviceReadBps, ResourceFlags::throttleBps));
    if (!deviceWriteBps.isEmpty()) b.blkioDeviceWriteBps(each("--device-write-bps", deviceWriteBps, ResourceFlags::throttleBps));
    if (!deviceReadIops.isEmpty()) b.blkioDeviceReadIOps(each("--device-read-iops", deviceReadIops, ResourceFlags::throttleIops));
    if (!deviceWriteIops.isEmpty()) b.blkioDeviceWriteIOps(each("--device-write-iops", deviceWriteIops, ResourceFlags::throttleIops));
    if (!deviceCgroupRules.isEmpty()) b.deviceCgroupRules(each("--device-cgroup-rule", deviceCgroupRules, ResourceFlags::deviceCgroupRule));
    if (!ulimits.isEmpty()) b.ulimits(ulimits());
    if (cgroupParent != null) b.cgroupParent(cgroupParent);

    // docker's parse(): -1 is "unset" (the flag's default), anything else must be a percentage
    if (swappiness != null && swappiness != -1) {
      if (swappiness < 0 || swappiness > 100) {
        throw new IllegalArgumentException("invalid value: " + swappiness + ". Valid memory swappiness range is 0-100");
      }
      b.memorySwappiness(swappiness);
    }
    if (!devices.isEmpty()) b.devices(devices.stream().map(ResourceFlags::device).toList());
    if (cgroupns != null && !cgroupns.isEmpty()) {
      if (!cgroupns.equals("host") && !cgroupns.equals("private")) throw new IllegalArgumentException("--cgroupns: invalid CGROUP mode");
      b.cgroupnsMode(cgroupns);
    }
    return b.build();
  }

  /** docker's {@code UlimitOpt}: one per name (the last wins), sent sorted by name. */
  private List<Resources.Ulimit> ulimits() {
    var byName = new TreeMap<String, Resources.Ulimit>();
    for (Resources.Ulimit u : each("--ulimit", ulimits, ResourceFlags::ulimit)) byName.put(u.name(), u);
    return List.copyOf(byName.values());
  }

  /** Parses one flag value; a refusal is pflag's "invalid argument" error. */
  static <T> T flag(String flag, String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFlagValue(flag, value, e.getMessage());
    }
  }

  private static <T> List<T> each(String flag, List<String> values, Function<String, T> parse) {
    return values.stream().map(v -> flag(flag, v, parse)).toList();
  }
}
