package io.berth.engine.cgroups;

/**
 * What this host's cgroups can apply: Docker's {@code sysinfo}, from which the daemon warns and
 * drops unsupported limits ("Your kernel does not support swap limit capabilities ..."). The
 * cpuset fields say what is available to containers, e.g. {@code "0-1"} and {@code "0"}; they are
 * empty when the cpuset controller is missing.
 */
public record CgroupFeatures(boolean memoryLimit, boolean swapLimit, boolean memoryReservation,
    boolean memorySwappiness, boolean oomKillDisable, boolean pidsLimit, boolean cpuShares, boolean cpuCfs,
    boolean cpuset, String cpusetCpus, String cpusetMems, boolean blkioWeight, boolean blkioWeightDevice,
    boolean blkioReadBps, boolean blkioWriteBps, boolean blkioReadIops, boolean blkioWriteIops,
    boolean cgroupNamespaces) {
  public CgroupFeatures {
    java.util.Objects.requireNonNull(cpusetCpus, "cpusetCpus");
    java.util.Objects.requireNonNull(cpusetMems, "cpusetMems");
  }
}
