package io.berth.engine.cgroups;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sample of a cgroup's usage, in nanoseconds and bytes, as Docker's stats collector reads it.
 * {@code memory.limit} is already capped at the host's memory (Docker reports MemTotal for an
 * unlimited cgroup); {@code pids.limit} 0 means unlimited.
 */
public record CgroupStats(Instant read, Cpu cpu, Memory memory, Blkio blkio, Pids pids) {
  public CgroupStats {
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(blkio, "blkio");
    Objects.requireNonNull(pids, "pids");
  }

  /** CPU time; {@code perCpuNanos} is empty on cgroup v2 (no per-CPU accounting there). */
  public record Cpu(long totalNanos, List<Long> perCpuNanos, long kernelNanos, long userNanos,
      long periods, long throttledPeriods, long throttledNanos) {
    public Cpu {
      perCpuNanos = List.copyOf(perCpuNanos);
    }
  }

  /**
   * Memory in bytes. {@code maxUsage}: v1 {@code max_usage_in_bytes}, v2 {@code memory.peak} (0
   * when the kernel lacks it). {@code failcnt}: v1 {@code memory.failcnt}, v2 the {@code oom} count of
   * {@code memory.events} (as Docker). {@code stats}: every key of {@code memory.stat}.
   */
  public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stats) {
    public Memory {
      stats = Map.copyOf(stats);
    }
  }

  /** Block I/O per device: bytes and operations. */
  public record Blkio(List<Entry> serviceBytes, List<Entry> serviced) {
    public Blkio {
      serviceBytes = List.copyOf(serviceBytes);
      serviced = List.copyOf(serviced);
    }
  }

  /**
   * One counter of one device. {@code op} as Docker reports it: v1 keeps the kernel's
   * {@code Read}, {@code Write}, {@code Sync}, {@code Async}, {@code Discard}, {@code Total}; v2 has
   * {@code read} and {@code write} (Docker's v2 collector).
   */
  public record Entry(long major, long minor, String op, long value) {
    public Entry {
      Objects.requireNonNull(op, "op");
    }
  }

  /** Processes (tasks) in the cgroup and its limit; limit 0 = unlimited. */
  public record Pids(long current, long limit) {}
}
