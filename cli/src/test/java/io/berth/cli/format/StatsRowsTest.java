package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.model.ContainerStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker's stats arithmetic and cells (stats_helpers.go, formatter_stats.go). */
class StatsRowsTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = StatsRowsTest.class.getResourceAsStream("/golden/stats/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ContainerStats sample(String name) throws IOException {
    return ContainerStats.fromJson(JsonFields.of(JsonReader.parse(resource("stats-" + name + ".json"))));
  }

  @Test
  void cpu_percent_is_the_share_of_system_time_times_online_cpus() throws IOException {
    // web: 0.5 s of 2 s system time on 2 CPUs; db (v2, no per-CPU list): 1.23456789 s of 2 s on 4 CPUs
    assertThat(StatsRows.cpuPercent(sample("web"))).isEqualTo(50.0);
    assertThat(StatsRows.percentage(StatsRows.cpuPercent(sample("db")))).isEqualTo("246.91%");
    assertThat(StatsRows.cpuPercent(sample("stopped"))).isZero();
  }

  @Test
  void online_cpus_fall_back_to_the_per_cpu_list() {
    var s = new ContainerStats("/x", "i", "", "", new ContainerStats.CpuStats(300, List.of(1L, 2L, 3L), 1000, 0),
        new ContainerStats.CpuStats(100, List.of(), 600, 0), null, null, null, null, 0);
    assertThat(StatsRows.cpuPercent(s)).isEqualTo(200.0 / 400.0 * 3 * 100.0);
  }

  @Test
  void memory_leaves_out_the_inactive_file_cache_on_v1_and_v2() throws IOException {
    assertThat(StatsRows.memUsageNoCache(sample("web").memoryStats())).isEqualTo(5160960 - 2732032);
    assertThat(StatsRows.memUsageNoCache(sample("db").memoryStats())).isEqualTo(1288490189 - 199229440);
    // v1 counter not below usage: fall through to v2's (absent: 0)
    assertThat(StatsRows.memUsageNoCache(new ContainerStats.MemoryStats(100, 0, Map.of("total_inactive_file", 200L)))).isEqualTo(100);
    assertThat(StatsRows.memUsageNoCache(new ContainerStats.MemoryStats(0, 0, Map.of()))).isZero();
  }

  @Test
  void cells_are_docker_units_and_block_io_sums_reads_and_writes_by_op() throws IOException {
    var web = StatsRows.row(StatsRows.entry("web", sample("web")), true).fields();
    assertThat(web).containsEntry("Name", "web").containsEntry("ID", "4f3c2b1a09e8").containsEntry("CPUPerc", "50.00%")
        .containsEntry("MemUsage", "2.316MiB / 32MiB").containsEntry("MemPerc", "7.24%")
        .containsEntry("NetIO", "1.3kB / 648B").containsEntry("BlockIO", "4.25MB / 12.3kB").containsEntry("PIDs", "3");
    var db = StatsRows.row(StatsRows.entry("db", sample("db")), false).fields();
    assertThat(db).containsEntry("ID", "9a8b7c6d5e4f30211f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .containsEntry("MemUsage", "1.014GiB / 23.49GiB").containsEntry("NetIO", "1.24MB / 98.8GB")
        .containsEntry("BlockIO", "123MB / 98.8MB").containsEntry("PIDs", "27");
    var stopped = StatsRows.row(StatsRows.entry("stopped", sample("stopped")), true).fields();
    assertThat(stopped).containsEntry("MemUsage", "0B / 0B").containsEntry("MemPerc", "0.00%").containsEntry("NetIO", "0B / 0B");
  }

  @Test
  void an_invalid_or_pending_entry_shows_dashes() throws IOException {
    var gone = StatsRows.row(StatsRows.entry("web", sample("web")).invalidated(), true).fields();
    assertThat(gone).containsEntry("Name", "web").containsEntry("CPUPerc", "--").containsEntry("MemUsage", "-- / --")
        .containsEntry("MemPerc", "--").containsEntry("NetIO", "--").containsEntry("BlockIO", "--").containsEntry("PIDs", "--");
    var pending = StatsRows.row(StatsRows.Entry.pending("web"), true).fields();
    assertThat(pending).containsEntry("Container", "web").containsEntry("Name", "--").containsEntry("ID", "")
        .containsEntry("CPUPerc", "0.00%");
  }

  @Test
  void percentages_round_the_binary_value_half_even_as_go() {
    assertThat(StatsRows.percentage(0.125)).isEqualTo("0.12%");
    assertThat(StatsRows.percentage(0.375)).isEqualTo("0.38%");
    assertThat(StatsRows.percentage(1.005)).isEqualTo("1.00%"); // 1.00499999999999989...
    assertThat(StatsRows.percentage(0)).isEqualTo("0.00%");
  }

  @Test
  void the_live_frame_is_byte_identical_to_dockers() throws IOException {
    String table = Table.render(GoTemplate.parse(StatsRows.DEFAULT_FORMAT), StatsRows.HEADERS,
        StatsRows.rows(List.of(StatsRows.entry("web", sample("web")), StatsRows.entry("db", sample("db"))), true));
    assertThat(StatsRows.liveFrame(table)).isEqualTo(resource("live-frame.txt"));
  }
}
