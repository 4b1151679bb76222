package io.berth.engine.cgroups;

import java.util.Objects;
import java.util.Optional;

/**
 * New limits for a running container ({@code docker update}); an empty field leaves that limit as
 * it is. Units as Docker's HostConfig: bytes for memory, {@code memorySwap} is memory plus swap
 * (as the v1 {@code memsw} file; the v2 manager converts), microseconds for the CFS quota and period.
 * {@code memory}, {@code memorySwap} and {@code cpuQuota} take -1 for unlimited; {@code pidsLimit}
 * of 0 or less means unlimited. As in Docker's HostConfig, 0 (or an empty cpuset) means "not set":
 * such a field is normalised to empty here.
 */
public record CgroupLimits(Optional<Long> memory, Optional<Long> memorySwap, Optional<Long> memoryReservation,
    Optional<Long> cpuShares, Optional<Long> cpuQuota, Optional<Long> cpuPeriod, Optional<String> cpusetCpus,
    Optional<String> cpusetMems, Optional<Long> pidsLimit, Optional<Integer> blkioWeight) {
  public CgroupLimits {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(memorySwap, "memorySwap");
    Objects.requireNonNull(memoryReservation, "memoryReservation");
    Objects.requireNonNull(cpuShares, "cpuShares");
    Objects.requireNonNull(cpuQuota, "cpuQuota");
    Objects.requireNonNull(cpuPeriod, "cpuPeriod");
    Objects.requireNonNull(cpusetCpus, "cpusetCpus");
    Objects.requireNonNull(cpusetMems, "cpusetMems");
    Objects.requireNonNull(pidsLimit, "pidsLimit");
    Objects.requireNonNull(blkioWeight, "blkioWeight");
    memory = memory.filter(v -> v != 0);
    memorySwap = memorySwap.filter(v -> v != 0);
    memoryReservation = memoryReservation.filter(v -> v != 0);
    cpuShares = cpuShares.filter(v -> v != 0);
    cpuQuota = cpuQuota.filter(v -> v != 0);
    cpuPeriod = cpuPeriod.filter(v -> v != 0);
    cpusetCpus = cpusetCpus.filter(v -> !v.isBlank());
    cpusetMems = cpusetMems.filter(v -> !v.isBlank());
    blkioWeight = blkioWeight.filter(v -> v != 0);
  }

  /** No change at all. */
  public static CgroupLimits none() {
    return new CgroupLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public CgroupLimits withMemory(long v) {
    return new CgroupLimits(Optional.of(v), memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withMemorySwap(long v) {
    return new CgroupLimits(memory, Optional.of(v), memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withMemoryReservation(long v) {
    return new CgroupLimits(memory, memorySwap, Optional.of(v), cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withCpuShares(long v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, Optional.of(v), cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withCpuQuota(long v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, Optional.of(v), cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withCpuPeriod(long v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, Optional.of(v),
        cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withCpusetCpus(String v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        Optional.of(v), cpusetMems, pidsLimit, blkioWeight);
  }

  public CgroupLimits withCpusetMems(String v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, Optional.of(v), pidsLimit, blkioWeight);
  }

  public CgroupLimits withPidsLimit(long v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, Optional.of(v), blkioWeight);
  }

  public CgroupLimits withBlkioWeight(int v) {
    return new CgroupLimits(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod,
        cpusetCpus, cpusetMems, pidsLimit, Optional.of(v));
  }
}
