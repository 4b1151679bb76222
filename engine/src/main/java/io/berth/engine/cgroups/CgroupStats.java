package io.berth.engine.cgroups;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One sample of a cgroup's usage (nanoseconds, bytes). */
public record CgroupStats(Instant read, Cpu cpu, Memory memory, Blkio blkio, Pids pids) {
  public record Cpu(long totalNanos, List<Long> perCpuNanos, long kernelNanos, long userNanos,
      long periods, long throttledPeriods, long throttledNanos) {}
  public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stats) {}
  public record Blkio(List<Entry> serviceBytes, List<Entry> serviced) {}
  public record Entry(long major, long minor, String op, long value) {}
  public record Pids(long current, long limit) {}
}
