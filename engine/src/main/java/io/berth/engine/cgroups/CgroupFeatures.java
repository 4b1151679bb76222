package io.berth.engine.cgroups;

/** What this host's cgroups can apply (Docker's sysinfo). cpusetCpus/cpusetMems: what is available, e.g. "0-1", "0". */
public record CgroupFeatures(boolean memoryLimit, boolean swapLimit, boolean memoryReservation,
    boolean memorySwappiness, boolean oomKillDisable, boolean pidsLimit, boolean cpuShares, boolean cpuCfs,
    boolean cpuset, String cpusetCpus, String cpusetMems, boolean blkioWeight, boolean blkioWeightDevice,
    boolean blkioReadBps, boolean blkioWriteBps, boolean blkioReadIops, boolean blkioWriteIops,
    boolean cgroupNamespaces) {}
