package io.berth.engine.cgroups;

import java.util.Optional;

/** New limits for a running container; empty = leave as is. memory/memorySwap -1 = unlimited; pidsLimit <= 0 = unlimited. */
public record CgroupLimits(Optional<Long> memory, Optional<Long> memorySwap, Optional<Long> memoryReservation,
    Optional<Long> cpuShares, Optional<Long> cpuQuota, Optional<Long> cpuPeriod, Optional<String> cpusetCpus,
    Optional<String> cpusetMems, Optional<Long> pidsLimit, Optional<Integer> blkioWeight) {
  public static CgroupLimits none() {
    return new CgroupLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
