package io.berth.engine.container;

import io.berth.engine.cgroups.CgroupFeatures;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker's validation and adjustment of a container's resources against what the host can do
 * (moby's {@code verifyPlatformContainerResources} and {@code adaptContainerSettings}), with its
 * messages: impossible values are {@code InvalidArgument}; a limit the host cannot apply is dropped
 * with a warning (the create response's {@code Warnings}), so the stored config says what is really
 * enforced. Pure: host facts come in as {@link CgroupFeatures} and the CPU count.
 */
public final class ResourceChecks {
  /** Docker's floor: smaller limits leave a container unable to start its process. */
  static final long MIN_MEMORY = 6L << 20;
  static final long MIN_CPU_SHARES = 2;
  static final long MAX_CPU_SHARES = 262144;
  private static final Pattern DEVICE_CGROUP_RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

  private final CgroupFeatures host;
  private final int cpus;
  private final boolean unified;

  /** @param unified the host has cgroup v2 only (Docker then defaults to a private cgroup namespace) */
  public ResourceChecks(CgroupFeatures host, int cpus, boolean unified) {
    this.host = host;
    this.cpus = cpus;
    this.unified = unified;
  }

  /** The limits as they will be applied, and the warnings for what was discarded. */
  public record Verified(ResourceLimits limits, List<String> warnings) {}

  /**
   * Checks {@code r} for a new container ({@code update} false) or the merged result of an update
   * (then a swap limit without a memory limit is allowed, as Docker allows it).
   */
  public Verified verify(ResourceLimits r, boolean privileged, boolean update) {
    List<String> warnings = new ArrayList<>();
    long memory = r.memory();
    long swap = r.memorySwap();
    long reservation = r.memoryReservation();
    Optional<Long> swappiness = r.memorySwappiness().filter(s -> s != -1); // -1: the kernel's default
    Optional<Boolean> oomKillDisable = r.oomKillDisable();
    if (memory != 0 && memory < MIN_MEMORY) throw BerthException.invalid("Minimum memory limit allowed is 6MB");
    if (swap < -1) throw BerthException.invalid("invalid memory swap limit %d: it must be -1 (unlimited) or positive", swap);
    if (memory > 0 && !host.memoryLimit()) {
      warnings.add("Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.");
      memory = 0;
      swap = -1;
    }
    if (memory > 0 && swap != -1 && !host.swapLimit()) {
      warnings.add("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
      swap = -1;
    }
    if (memory > 0 && swap > 0 && swap < memory) {
      throw BerthException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memory == 0 && swap > 0 && !update) {
      throw BerthException.invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
    }
    if (swappiness.isPresent() && !host.memorySwappiness()) {
      warnings.add("Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. "
          + "Memory swappiness discarded.");
      swappiness = Optional.empty();
    }
    if (swappiness.isPresent() && (swappiness.get() < 0 || swappiness.get() > 100)) {
      throw BerthException.invalid("Invalid value: %d, valid memory swappiness range is 0-100", swappiness.get());
    }
    if (reservation > 0 && !host.memoryReservation()) {
      warnings.add("Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. "
          + "Limitation discarded.");
      reservation = 0;
    }
    if (reservation != 0 && reservation < MIN_MEMORY) throw BerthException.invalid("Minimum memory reservation allowed is 6MB");
    if (memory > 0 && reservation > 0 && memory < reservation) {
      throw BerthException.invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
    }
    if (oomKillDisable.isPresent() && !host.oomKillDisable()) {
      if (oomKillDisable.get()) warnings.add("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
      oomKillDisable = Optional.empty();
    }
    if (oomKillDisable.orElse(false) && memory == 0) {
      warnings.add("OOM killer is disabled for the container, but no memory limit is set, this can result in the "
          + "system running out of resources.");
    }
    Optional<Long> pids = r.pidsLimit();
    if (pids.isPresent() && !host.pidsLimit()) {
      if (pids.get() > 0) {
        warnings.add("Your kernel does not support PIDs limit capabilities or the cgroup is not mounted. PIDs limit discarded.");
      }
      pids = Optional.empty();
    }

    long nanoCpus = r.nanoCpus();
    long period = r.cpuPeriod();
    long quota = r.cpuQuota();
    long shares = r.cpuShares();
    if (nanoCpus > 0 && period > 0) throw BerthException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    if (nanoCpus > 0 && quota > 0) throw BerthException.invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    if (nanoCpus > 0 && !host.cpuCfs()) {
      throw BerthException.invalid("NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted");
    }
    if (nanoCpus < 0 || nanoCpus > cpus * 1_000_000_000L) {
      throw BerthException.invalid("Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", cpus, cpus);
    }
    if (shares < 0) throw BerthException.invalid("shares: invalid argument");
    if (shares > 0 && !host.cpuShares()) {
      warnings.add("Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded.");
      shares = 0;
    }
    if (shares > 0 && shares < MIN_CPU_SHARES) shares = MIN_CPU_SHARES; // Docker adjusts (and logs) rather than refuses
    if (shares > MAX_CPU_SHARES) shares = MAX_CPU_SHARES;
    if ((period != 0 || quota != 0) && !host.cpuCfs()) {
      warnings.add("Your kernel does not support CPU CFS scheduler. CPU period/quota discarded.");
      period = 0;
      quota = 0;
    }
    if (period != 0 && (period < 1000 || period > 1_000_000)) {
      throw BerthException.invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    }
    if (quota > 0 && quota < 1000) throw BerthException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");

    String cpusetCpus = r.cpusetCpus();
    String cpusetMems = r.cpusetMems();
    if ((!cpusetCpus.isEmpty() || !cpusetMems.isEmpty()) && !host.cpuset()) {
      warnings.add("Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded.");
      cpusetCpus = "";
      cpusetMems = "";
    }
    if (!within(cpusetCpus, host.cpusetCpus(), "cpuset cpus")) {
      throw BerthException.invalid("Requested CPUs are not available - requested %s, available: %s", cpusetCpus,
          host.cpusetCpus());
    }
    if (!within(cpusetMems, host.cpusetMems(), "cpuset mems")) {
      throw BerthException.invalid("Requested memory nodes are not available - requested %s, available: %s", cpusetMems,
          host.cpusetMems());
    }

    int weight = r.blkioWeight();
    if (weight > 0 && !host.blkioWeight()) {
      warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
      weight = 0;
    }
    if (weight != 0 && (weight < 10 || weight > 1000)) throw BerthException.invalid("Range of blkio weight is from 10 to 1000");
    var weightDevices = r.blkioWeightDevice();
    for (var d : weightDevices) {
      if (d.weight() < 10 || d.weight() > 1000) throw BerthException.invalid("Range of blkio weight is from 10 to 1000");
    }
    if (!weightDevices.isEmpty() && !host.blkioWeightDevice()) {
      warnings.add("Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.");
      weightDevices = List.of();
    }
    var readBps = throttles(r.blkioDeviceReadBps(), host.blkioReadBps(), warnings,
        "Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. Block I/O BPS read limit discarded.");
    var writeBps = throttles(r.blkioDeviceWriteBps(), host.blkioWriteBps(), warnings,
        "Your kernel does not support BPS Block I/O write limit or the cgroup is not mounted. Block I/O BPS write limit discarded.");
    var readIops = throttles(r.blkioDeviceReadIOps(), host.blkioReadIops(), warnings,
        "Your kernel does not support IOPS Block read limit or the cgroup is not mounted. Block I/O IOPS read limit discarded.");
    var writeIops = throttles(r.blkioDeviceWriteIOps(), host.blkioWriteIops(), warnings,
        "Your kernel does not support IOPS Block write limit or the cgroup is not mounted. Block I/O IOPS write limit discarded.");

    for (String rule : r.deviceCgroupRules()) {
      if (!DEVICE_CGROUP_RULE.matcher(rule).matches()) throw BerthException.invalid("invalid device cgroup format '%s'", rule);
    }
    for (var d : r.devices()) {
      if (!d.cgroupPermissions().matches("[rwm]{1,3}") || d.cgroupPermissions().chars().distinct().count()
          != d.cgroupPermissions().length()) {
        throw BerthException.invalid("invalid device mode: %s", d.cgroupPermissions());
      }
    }
    if (r.shmSize() < 0) throw BerthException.invalid("SHM size can not be less than 0");
    if (r.oomScoreAdj() < -1000 || r.oomScoreAdj() > 1000) {
      throw BerthException.invalid("Invalid value %d, range for oom score adj is [-1000, 1000]", r.oomScoreAdj());
    }
    String cgroupns = r.cgroupnsMode();
    if (!cgroupns.isEmpty() && !cgroupns.equals("host") && !cgroupns.equals("private")) {
      throw BerthException.invalid("invalid cgroup namespace mode: %s", cgroupns);
    }
    if (cgroupns.isEmpty()) cgroupns = privileged && !unified ? "host" : unified ? "private" : "host";
    if (cgroupns.equals("private") && !host.cgroupNamespaces()) {
      warnings.add("Your kernel does not support cgroup namespaces.  Cgroup namespace setting discarded.");
      cgroupns = "host";
    }
    String parent = r.cgroupParent();
    if (parent.contains("..") || parent.contains("\0")) throw BerthException.invalid("invalid cgroup parent: %s", parent);

    // Docker's adaptContainerSettings: by default a container may use as much swap as memory
    if (!update && memory > 0 && swap == 0) swap = memory * 2;
    if (!update && oomKillDisable.isEmpty()) oomKillDisable = Optional.of(false);

    ResourceLimits out = new ResourceLimits(memory, swap, reservation, swappiness, oomKillDisable, nanoCpus, shares,
        period, quota, cpusetCpus, cpusetMems, pids, weight, weightDevices, readBps, writeBps, readIops, writeIops,
        r.devices(), r.deviceCgroupRules(), r.ulimits(), r.shmSize(), r.oomScoreAdj(), parent, cgroupns);
    return new Verified(out, List.copyOf(warnings));
  }

  private static boolean within(String requested, String available, String what) {
    try {
      return requested.isEmpty() || CpuSets.within(requested, available);
    } catch (BerthException.InvalidArgument e) {
      throw BerthException.invalid("Invalid value %s for %s: %s", requested, what, e.getMessage());
    }
  }

  private static List<ResourceLimits.ThrottleDevice> throttles(List<ResourceLimits.ThrottleDevice> given,
      boolean supported, List<String> warnings, String warning) {
    for (var d : given) {
      if (d.rate() < 0) throw BerthException.invalid("invalid rate for device %s: %d", d.path(), d.rate());
    }
    if (given.isEmpty() || supported) return given;
    warnings.add(warning);
    return List.of();
  }
}
