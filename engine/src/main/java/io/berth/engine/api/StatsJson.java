package io.berth.engine.api;

import io.berth.engine.cgroups.CgroupStats;
import io.berth.engine.cgroups.NetDevStats;
import io.berth.engine.logs.JsonFileFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The wire form of {@code GET /containers/{id}/stats} (moby's {@code StatsResponse}, API 1.47, no
 * {@code os_type} yet): Go's field order, Go's {@code omitempty} (zero numbers and empty slices
 * left out inside the objects that have it; structs always present), map keys sorted as Go's
 * encoder does. The memory stats carry Docker's fixed key set per cgroup version, zero where the
 * kernel lacks a key: the docker CLI subtracts {@code total_inactive_file} (v1) or
 * {@code inactive_file} (v2) from the usage for its MEM USAGE column.
 */
final class StatsJson {
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** The keys of Docker's v1 memory stats (moby's statsV1), all from memory.stat. */
  private static final List<String> V1_MEMORY_KEYS = List.of("cache", "rss", "rss_huge", "mapped_file", "dirty",
      "writeback", "pgpgin", "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "hierarchical_memory_limit", "hierarchical_memsw_limit", "total_cache",
      "total_rss", "total_rss_huge", "total_mapped_file", "total_dirty", "total_writeback", "total_pgpgin",
      "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon", "total_active_anon",
      "total_inactive_file", "total_active_file", "total_unevictable");

  /** The keys of Docker's v2 memory stats (moby's statsV2), all from memory.stat. */
  private static final List<String> V2_MEMORY_KEYS = List.of("anon", "file", "kernel_stack", "slab", "sock", "shmem",
      "file_mapped", "file_dirty", "file_writeback", "anon_thp", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
      "workingset_refault", "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal",
      "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc");

  private StatsJson() {}

  /**
   * One stats object. {@code previous} is the sample before {@code now} (Docker's preread and
   * precpu_stats; zero when absent, as for the first object of a stream); {@code systemNow} and
   * {@code systemPrevious} are the host's CPU time at each sample ({@code HostCpu}); {@code name}
   * with or without its leading slash; {@code networks} empty for a container without interfaces.
   */
  static Map<String, Object> toJson(String id, String name, CgroupStats now, Optional<CgroupStats> previous,
      long systemNow, long systemPrevious, int onlineCpus, Map<String, NetDevStats.Iface> networks, boolean v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read", JsonFileFormat.rfc3339Nano(now.read()));
    m.put("preread", previous.map(p -> JsonFileFormat.rfc3339Nano(p.read())).orElse(ZERO_TIME));
    m.put("pids_stats", pids(now.pids()));
    m.put("blkio_stats", blkio(now.blkio(), v2));
    m.put("num_procs", 0);
    m.put("storage_stats", new LinkedHashMap<>());
    m.put("cpu_stats", cpu(Optional.of(now.cpu()), systemNow, onlineCpus));
    m.put("precpu_stats", cpu(previous.map(CgroupStats::cpu), previous.isPresent() ? systemPrevious : 0,
        previous.isPresent() ? onlineCpus : 0));
    m.put("memory_stats", memory(now.memory(), v2));
    m.put("name", name.startsWith("/") ? name : "/" + name);
    m.put("id", id);
    if (!networks.isEmpty()) m.put("networks", networks(networks));
    return m;
  }

  /** What Docker answers for a container that is not running: only the name and id, the rest zero. */
  static Map<String, Object> empty(String id, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read", ZERO_TIME);
    m.put("preread", ZERO_TIME);
    m.put("pids_stats", new LinkedHashMap<>());
    m.put("blkio_stats", blkio(new CgroupStats.Blkio(List.of(), List.of()), true));
    m.put("num_procs", 0);
    m.put("storage_stats", new LinkedHashMap<>());
    m.put("cpu_stats", cpu(Optional.empty(), 0, 0));
    m.put("precpu_stats", cpu(Optional.empty(), 0, 0));
    m.put("memory_stats", new LinkedHashMap<>());
    m.put("name", name.startsWith("/") ? name : "/" + name);
    m.put("id", id);
    return m;
  }

  private static Map<String, Object> pids(CgroupStats.Pids p) {
    Map<String, Object> m = new LinkedHashMap<>();
    putNonZero(m, "current", p.current());
    putNonZero(m, "limit", p.limit());
    return m;
  }

  /**
   * v1: all eight lists, empty ones as {@code []} (moby copies each into a new slice). v2: only the
   * bytes (Docker's v2 collector fills nothing else), {@code null} when empty, the rest {@code null}.
   */
  private static Map<String, Object> blkio(CgroupStats.Blkio b, boolean v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v2) {
      m.put("io_service_bytes_recursive", b.serviceBytes().isEmpty() ? null : entries(b.serviceBytes()));
      for (String k : List.of("io_serviced_recursive", "io_queue_recursive", "io_service_time_recursive",
          "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
        m.put(k, null);
      }
      return m;
    }
    m.put("io_service_bytes_recursive", entries(b.serviceBytes()));
    m.put("io_serviced_recursive", entries(b.serviced()));
    for (String k : List.of("io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive",
        "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
      m.put(k, List.of());
    }
    return m;
  }

  private static List<Map<String, Object>> entries(List<CgroupStats.Entry> entries) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CgroupStats.Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("major", e.major());
      m.put("minor", e.minor());
      m.put("op", e.op());
      m.put("value", e.value());
      out.add(m);
    }
    return out;
  }

  /** Docker's CPUStats; an absent sample is Go's zero value (system and online CPUs then left out). */
  private static Map<String, Object> cpu(Optional<CgroupStats.Cpu> sample, long system, int onlineCpus) {
    CgroupStats.Cpu c = sample.orElse(new CgroupStats.Cpu(0, List.of(), 0, 0, 0, 0, 0));
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("total_usage", c.totalNanos());
    if (!c.perCpuNanos().isEmpty()) usage.put("percpu_usage", c.perCpuNanos());
    usage.put("usage_in_kernelmode", c.kernelNanos());
    usage.put("usage_in_usermode", c.userNanos());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_usage", usage);
    putNonZero(m, "system_cpu_usage", system);
    putNonZero(m, "online_cpus", onlineCpus);
    Map<String, Object> throttling = new LinkedHashMap<>();
    throttling.put("periods", c.periods());
    throttling.put("throttled_periods", c.throttledPeriods());
    throttling.put("throttled_time", c.throttledNanos());
    m.put("throttling_data", throttling);
    return m;
  }

  /** v2 has no max_usage in Docker (memory.peak is newer than its collector). */
  private static Map<String, Object> memory(CgroupStats.Memory mem, boolean v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    putNonZero(m, "usage", mem.usage());
    if (!v2) putNonZero(m, "max_usage", mem.maxUsage());
    Map<String, Long> stats = new TreeMap<>();
    for (String k : v2 ? V2_MEMORY_KEYS : V1_MEMORY_KEYS) stats.put(k, mem.stats().getOrDefault(k, 0L));
    m.put("stats", stats);
    putNonZero(m, "failcnt", mem.failcnt());
    putNonZero(m, "limit", mem.limit());
    return m;
  }

  private static Map<String, Object> networks(Map<String, NetDevStats.Iface> networks) {
    Map<String, Object> out = new TreeMap<>();
    networks.forEach((name, i) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rx_bytes", i.rxBytes());
      m.put("rx_packets", i.rxPackets());
      m.put("rx_errors", i.rxErrors());
      m.put("rx_dropped", i.rxDropped());
      m.put("tx_bytes", i.txBytes());
      m.put("tx_packets", i.txPackets());
      m.put("tx_errors", i.txErrors());
      m.put("tx_dropped", i.txDropped());
      out.put(name, m);
    });
    return out;
  }

  private static void putNonZero(Map<String, Object> m, String key, long value) {
    if (value != 0) m.put(key, value);
  }
}
