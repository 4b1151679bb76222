package io.berth.engine.container;

import java.util.List;
import java.util.Optional;

/**
 * The resource part of a container's {@code HostConfig} (Docker's {@code Resources} plus
 * {@code ShmSize}, {@code OomScoreAdj}, {@code CgroupParent} and {@code CgroupnsMode}), as validated
 * and adjusted at create time ({@link ResourceChecks}). Zero, empty and absent mean "not set" as in
 * Docker's API; sizes are bytes, CPU periods and quotas microseconds.
 *
 * @param memorySwap      memory + swap; 0 unset, -1 unlimited
 * @param nanoCpus        {@code --cpus} × 10⁹
 * @param pidsLimit       absent: unset; 0 or negative: unlimited (Docker's reading)
 * @param shmSize         size of /dev/shm; 0 means the default (64 MiB)
 * @param cgroupParent    {@code --cgroup-parent}; empty means berth's own ({@code /berth})
 * @param cgroupnsMode    {@code host} or {@code private}; empty until the daemon fills its default
 */
public record ResourceLimits(
    long memory,
    long memorySwap,
    long memoryReservation,
    Optional<Long> memorySwappiness,
    Optional<Boolean> oomKillDisable,
    long nanoCpus,
    long cpuShares,
    long cpuPeriod,
    long cpuQuota,
    String cpusetCpus,
    String cpusetMems,
    Optional<Long> pidsLimit,
    int blkioWeight,
    List<WeightDevice> blkioWeightDevice,
    List<ThrottleDevice> blkioDeviceReadBps,
    List<ThrottleDevice> blkioDeviceWriteBps,
    List<ThrottleDevice> blkioDeviceReadIOps,
    List<ThrottleDevice> blkioDeviceWriteIOps,
    List<DeviceMapping> devices,
    List<String> deviceCgroupRules,
    List<Ulimit> ulimits,
    long shmSize,
    int oomScoreAdj,
    String cgroupParent,
    String cgroupnsMode) {

  public static final long DEFAULT_SHM_SIZE = 64L << 20;

  public ResourceLimits {
    memorySwappiness = memorySwappiness == null ? Optional.empty() : memorySwappiness;
    oomKillDisable = oomKillDisable == null ? Optional.empty() : oomKillDisable;
    cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
    cpusetMems = cpusetMems == null ? "" : cpusetMems;
    pidsLimit = pidsLimit == null ? Optional.empty() : pidsLimit;
    blkioWeightDevice = blkioWeightDevice == null ? List.of() : List.copyOf(blkioWeightDevice);
    blkioDeviceReadBps = blkioDeviceReadBps == null ? List.of() : List.copyOf(blkioDeviceReadBps);
    blkioDeviceWriteBps = blkioDeviceWriteBps == null ? List.of() : List.copyOf(blkioDeviceWriteBps);
    blkioDeviceReadIOps = blkioDeviceReadIOps == null ? List.of() : List.copyOf(blkioDeviceReadIOps);
    blkioDeviceWriteIOps = blkioDeviceWriteIOps == null ? List.of() : List.copyOf(blkioDeviceWriteIOps);
    devices = devices == null ? List.of() : List.copyOf(devices);
    deviceCgroupRules = deviceCgroupRules == null ? List.of() : List.copyOf(deviceCgroupRules);
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    cgroupParent = cgroupParent == null ? "" : cgroupParent;
    cgroupnsMode = cgroupnsMode == null ? "" : cgroupnsMode;
  }

  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0,
      0, "", "", Optional.empty(), 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
      List.of(), 0, 0, "", "");

  /** The size of /dev/shm: {@link #shmSize} or Docker's default. */
  public long effectiveShmSize() { return shmSize > 0 ? shmSize : DEFAULT_SHM_SIZE; }

  /**
   * The container's cgroup path as runc is given it (cgroupfs driver): {@code /berth/<id>}, or
   * {@code <parent>/<id>} with {@code --cgroup-parent} (made absolute, as Docker does).
   */
  public String cgroupPath(String containerId) {
    if (cgroupParent.isEmpty()) return "/berth/" + containerId;
    String parent = cgroupParent.startsWith("/") ? cgroupParent : "/" + cgroupParent;
    return (parent.endsWith("/") ? parent : parent + "/") + containerId;
  }

  /** True when the container gets its own cgroup namespace. */
  public boolean privateCgroupns() { return cgroupnsMode.equals("private"); }

  /** {@code --blkio-weight-device}: a block device by path and its weight (10-1000). */
  public record WeightDevice(String path, int weight) {}

  /** {@code --device-read-bps} and friends: a block device by path and a rate (bytes or IO/s). */
  public record ThrottleDevice(String path, long rate) {}

  /** {@code --device}: a host device node, where it appears in the container, and rwm permissions. */
  public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {}

  /** {@code --ulimit name=soft:hard}; Docker's names ({@code nofile}, {@code nproc}, ...). */
  public record Ulimit(String name, long soft, long hard) {}

  /** A copy with the values an update may change replaced by {@code u}'s where {@code u} sets them. */
  public ResourceLimits with(Update u) {
    return new ResourceLimits(u.memory().orElse(memory), u.memorySwap().orElse(memorySwap),
        u.memoryReservation().orElse(memoryReservation), memorySwappiness, oomKillDisable,
        u.nanoCpus().orElse(nanoCpus), u.cpuShares().orElse(cpuShares), u.cpuPeriod().orElse(cpuPeriod),
        u.cpuQuota().orElse(cpuQuota), u.cpusetCpus().orElse(cpusetCpus), u.cpusetMems().orElse(cpusetMems),
        u.pidsLimit().isPresent() ? u.pidsLimit() : pidsLimit, u.blkioWeight().orElse(blkioWeight),
        blkioWeightDevice, blkioDeviceReadBps, blkioDeviceWriteBps, blkioDeviceReadIOps, blkioDeviceWriteIOps,
        devices, deviceCgroupRules, ulimits, shmSize, oomScoreAdj, cgroupParent, cgroupnsMode);
  }

  /** What {@code docker update} may change; empty means "keep". */
  public record Update(Optional<Long> memory, Optional<Long> memorySwap, Optional<Long> memoryReservation,
      Optional<Long> nanoCpus, Optional<Long> cpuShares, Optional<Long> cpuPeriod, Optional<Long> cpuQuota,
      Optional<String> cpusetCpus, Optional<String> cpusetMems, Optional<Long> pidsLimit,
      Optional<Integer> blkioWeight) {
    public boolean isEmpty() {
      return memory.isEmpty() && memorySwap.isEmpty() && memoryReservation.isEmpty() && nanoCpus.isEmpty()
          && cpuShares.isEmpty() && cpuPeriod.isEmpty() && cpuQuota.isEmpty() && cpusetCpus.isEmpty()
          && cpusetMems.isEmpty() && pidsLimit.isEmpty() && blkioWeight.isEmpty();
    }
  }
}
