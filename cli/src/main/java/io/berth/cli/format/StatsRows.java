package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.ContainerStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker stats}' numbers and columns, computed as docker 28's CLI does
 * ({@code cli/command/container/stats_helpers.go} and {@code formatter_stats.go}): CPU % from the
 * deltas between {@code cpu_stats} and {@code precpu_stats} times the online CPUs, memory without
 * the inactive page cache, sizes in go-units' formats.
 */
public final class StatsRows {
  public static final String DEFAULT_FORMAT =
      "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
  public static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "Name", "NAME",
      "ID", "CONTAINER ID", "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %",
      "NetIO", "NET I/O", "BlockIO", "BLOCK I/O", "PIDs", "PIDS");
  /** Go's type name of docker's row, as template errors name it. */
  public static final String TYPE_NAME = "*container.statsContext";
  private static final String NO_VALUE = "--";

  private StatsRows() {}

  /**
   * docker's {@code StatsEntry}: one container's latest numbers. {@code container} is the name or ID
   * as the user gave it (or the short ID when following all containers); {@code invalid} shows every
   * number as "--" (no sample yet within 2 s, the stream ended, or the request failed).
   */
  public record Entry(String container, String name, String id, double cpuPercentage, double memory,
      double memoryLimit, double memoryPercentage, double networkRx, double networkTx, double blockRead,
      double blockWrite, long pidsCurrent, boolean invalid) {
    /** Before the first sample. */
    public static Entry pending(String container) {
      return new Entry(container, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** docker's {@code SetErrorAndReset}: numbers zeroed, shown as "--". */
    public Entry reset() {
      return new Entry(container, name, id, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
    }

    /** docker's {@code SetError}: numbers kept, shown as "--". */
    public Entry invalidated() {
      return new Entry(container, name, id, cpuPercentage, memory, memoryLimit, memoryPercentage, networkRx,
          networkTx, blockRead, blockWrite, pidsCurrent, true);
    }
  }

  /** The entry for one sample of {@code container} (docker's {@code collect} on a Linux daemon). */
  public static Entry entry(String container, ContainerStats s) {
    double mem = memUsageNoCache(s.memoryStats());
    double limit = s.memoryStats().limit();
    double rx = 0;
    double tx = 0;
    for (ContainerStats.NetworkStats n : s.networks().values()) {
      rx += n.rxBytes();
      tx += n.txBytes();
    }
    long read = 0;
    long write = 0;
    for (ContainerStats.BlkioEntry e : s.ioServiceBytesRecursive()) {
      if (e.op().isEmpty()) continue;
      switch (e.op().charAt(0)) {
        case 'r', 'R' -> read += e.value();
        case 'w', 'W' -> write += e.value();
        default -> { }
      }
    }
    return new Entry(container, s.name(), s.id(), cpuPercent(s), mem, limit, limit != 0 ? mem / limit * 100.0 : 0,
        rx, tx, read, write, s.pidsStats().current(), false);
  }

  /**
   * docker's {@code calculateCPUPercentUnix}: the container's share of the whole machine's CPU time
   * between the two samples, times the number of CPUs (so one busy core on a 4-CPU host is 100%).
   */
  static double cpuPercent(ContainerStats s) {
    double cpuDelta = (double) s.cpuStats().totalUsage() - (double) s.precpuStats().totalUsage();
    double systemDelta = (double) s.cpuStats().systemCpuUsage() - (double) s.precpuStats().systemCpuUsage();
    double online = s.cpuStats().onlineCpus();
    if (online == 0.0) online = s.cpuStats().percpuUsage().size();
    if (systemDelta > 0.0 && cpuDelta > 0.0) return cpuDelta / systemDelta * online * 100.0;
    return 0.0;
  }

  /**
   * docker's {@code calculateMemUsageUnixNoCache}: usage minus the inactive file cache, which the
   * kernel reclaims first ({@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2).
   */
  static double memUsageNoCache(ContainerStats.MemoryStats m) {
    Long v1 = m.stats().get("total_inactive_file");
    if (v1 != null && v1 < m.usage()) return m.usage() - v1;
    long v2 = m.stats().getOrDefault("inactive_file", 0L);
    if (v2 < m.usage()) return m.usage() - v2;
    return m.usage();
  }

  /** docker's {@code statsContext} methods for one entry. */
  public static RowContext row(Entry e, boolean trunc) {
    var n = new LinkedHashMap<String, Object>();
    n.put("Container", e.container());
    n.put("Name", e.name().length() > 1 ? e.name().substring(1) : NO_VALUE);
    n.put("ID", trunc ? Units.truncateId(e.id()) : e.id());
    n.put("CPUPerc", e.invalid() ? NO_VALUE : percentage(e.cpuPercentage()));
    n.put("MemUsage", e.invalid() ? "-- / --" : Units.bytesSize(e.memory()) + " / " + Units.bytesSize(e.memoryLimit()));
    n.put("MemPerc", e.invalid() ? NO_VALUE : percentage(e.memoryPercentage()));
    n.put("NetIO", e.invalid() ? NO_VALUE : Units.humanSize(e.networkRx()) + " / " + Units.humanSize(e.networkTx()));
    n.put("BlockIO", e.invalid() ? NO_VALUE : Units.humanSize(e.blockRead()) + " / " + Units.humanSize(e.blockWrite()));
    n.put("PIDs", e.invalid() ? NO_VALUE : Long.toUnsignedString(e.pidsCurrent()));
    return RowContext.row(TYPE_NAME, n, null);
  }

  public static List<RowContext> rows(List<Entry> entries, boolean trunc) {
    return entries.stream().map(e -> row(e, trunc)).toList();
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', 2, 64) + "%"}: the exact binary value rounded half-even. */
  static String percentage(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  /**
   * What the live view writes for one rendering: docker 28 moves the cursor home, writes the table,
   * moves home again and rewrites each line followed by " " and erase-to-end-of-line (so a shorter
   * line leaves nothing behind), then erases below (a container gone since the last frame).
   */
  public static String liveFrame(String rendered) {
    var sb = new StringBuilder("\033[H").append(rendered);
    String snapshot = sb.toString();
    for (String line : snapshot.split("\n", -1)) sb.append(line).append(" \033[K\n");
    return sb.append("\033[J").toString();
  }
}
