package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats} (swagger {@code ContainerStatsResponse}), the
 * fields the CLI's table needs. Counters are unsigned 64-bit on the wire; values above
 * {@link Long#MAX_VALUE} (a pids limit of "max" is sent as 2^64-1) read as {@link Long#MAX_VALUE}.
 * {@code memoryStats.stats} holds the cgroup's memory.stat counters ({@code total_inactive_file} on
 * cgroup v1, {@code inactive_file} on v2).
 */
public record ContainerStats(
    String name, String id, String read, String preread, CpuStats cpuStats, CpuStats precpuStats,
    MemoryStats memoryStats, List<BlkioEntry> ioServiceBytesRecursive, PidsStats pidsStats,
    Map<String, NetworkStats> networks, long numProcs) {
  public ContainerStats {
    name = Zero.str(name);
    id = Zero.str(id);
    read = Zero.str(read);
    preread = Zero.str(preread);
    cpuStats = cpuStats == null ? CpuStats.fromJson(JsonFields.of(null)) : cpuStats;
    precpuStats = precpuStats == null ? CpuStats.fromJson(JsonFields.of(null)) : precpuStats;
    memoryStats = memoryStats == null ? MemoryStats.fromJson(JsonFields.of(null)) : memoryStats;
    ioServiceBytesRecursive = Zero.list(ioServiceBytesRecursive);
    pidsStats = pidsStats == null ? new PidsStats(0, 0) : pidsStats;
    networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
  }

  /** {@code cpu_stats} / {@code precpu_stats}; times in nanoseconds. */
  public record CpuStats(long totalUsage, List<Long> percpuUsage, long systemCpuUsage, long onlineCpus) {
    public CpuStats { percpuUsage = Zero.list(percpuUsage); }

    static CpuStats fromJson(JsonFields f) {
      JsonFields usage = f.object("cpu_usage");
      // cgroup v2 hosts send no per-CPU usage (absent or null)
      List<Long> per = usage.raw("percpu_usage") instanceof List<?> l ? l.stream().map(ContainerStats::u64).toList() : List.of();
      return new CpuStats(u64(usage, "total_usage"), per,
          u64(f, "system_cpu_usage"), u64(f, "online_cpus"));
    }
  }

  /** {@code memory_stats}: bytes. */
  public record MemoryStats(long usage, long limit, Map<String, Long> stats) {
    public MemoryStats { stats = Zero.map(stats); }

    static MemoryStats fromJson(JsonFields f) {
      var stats = new LinkedHashMap<String, Long>();
      f.objectMap("stats").forEach((k, v) -> stats.put(k, u64(v)));
      return new MemoryStats(u64(f, "usage"), u64(f, "limit"), stats);
    }
  }

  /** An item of {@code blkio_stats.io_service_bytes_recursive}: bytes per device and operation. */
  public record BlkioEntry(long major, long minor, String op, long value) {
    public BlkioEntry { op = Zero.str(op); }

    static BlkioEntry fromJson(JsonFields f) {
      return new BlkioEntry(u64(f, "major"), u64(f, "minor"), f.string("op"), u64(f, "value"));
    }
  }

  /** {@code pids_stats}. */
  public record PidsStats(long current, long limit) {}

  /** An entry of {@code networks}: bytes received and sent on one interface. */
  public record NetworkStats(long rxBytes, long txBytes) {}

  public static ContainerStats fromJson(JsonFields f) {
    JsonFields pids = f.object("pids_stats");
    var networks = new LinkedHashMap<String, NetworkStats>();
    JsonFields nets = f.object("networks");
    for (String k : nets.map().keySet()) {
      JsonFields n = nets.object(k);
      networks.put(k, new NetworkStats(u64(n, "rx_bytes"), u64(n, "tx_bytes")));
    }
    return new ContainerStats(f.string("name"), f.string("id"), f.string("read"), f.string("preread"),
        CpuStats.fromJson(f.object("cpu_stats")), CpuStats.fromJson(f.object("precpu_stats")),
        MemoryStats.fromJson(f.object("memory_stats")),
        f.object("blkio_stats").objects("io_service_bytes_recursive", BlkioEntry::fromJson),
        new PidsStats(u64(pids, "current"), u64(pids, "limit")), networks, u64(f, "num_procs"));
  }

  private static long u64(JsonFields f, String key) {
    return u64(f.raw(key));
  }

  /** A Go uint64 field: saturates at {@link Long#MAX_VALUE}; absent or null is 0. */
  private static long u64(Object v) {
    if (v == null) return 0;
    if (v instanceof Long l) return l;
    if (v instanceof BigDecimal d) {
      if (d.signum() < 0) return 0;
      BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
      return d.compareTo(max) > 0 ? Long.MAX_VALUE : d.longValue();
    }
    throw new io.berth.client.json.JsonException("expected an unsigned integer, got " + JsonFields.kind(v));
  }
}
