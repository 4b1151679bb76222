package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.cgroups.CgroupStats;
import io.berth.engine.cgroups.NetDevStats;
import io.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The expected documents follow the answers of dockerd 20.10 on this (v1 hybrid) host for a busybox
 * {@code sleep}: the same field order, {@code []} for the empty v1 blkio lists, zero-valued fields
 * left out inside pids_stats, memory_stats and cpu_stats, Docker's 32 v1 memory keys.
 */
class StatsJsonTest {
  private static final String ID = "3f2a91c0d4e5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1";
  private static final Instant T0 = Instant.parse("2026-11-27T21:00:00.1Z");
  private static final Instant T1 = Instant.parse("2026-11-27T21:00:01.123456789Z");

  private static String json(Map<String, Object> doc) {
    return new String(Responses.bytes(doc), StandardCharsets.UTF_8);
  }

  private static Map<String, Long> v1MemoryStat() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("total_inactive_file", 4096L);
    m.put("inactive_file", 4096L);
    m.put("rss", 290816L);
    m.put("cache", 8192L);
    m.put("swap", 0L); // in memory.stat, not in Docker's key set
    return m;
  }

  private static CgroupStats v1(Instant at, long total) {
    return new CgroupStats(at, new CgroupStats.Cpu(total, List.of(total - 1000, 1000L), 10_000_000, 20_000_000, 0, 0, 0),
        new CgroupStats.Memory(1867776, 2981888, 25275826176L, 0, v1MemoryStat()),
        new CgroupStats.Blkio(List.of(new CgroupStats.Entry(8, 0, "Read", 4096), new CgroupStats.Entry(8, 0, "Write", 0)),
            List.of(new CgroupStats.Entry(8, 0, "Read", 1))),
        new CgroupStats.Pids(1, 0));
  }

  @Test
  void v1_sample_with_previous_has_dockers_fields_in_gos_order() {
    String out = json(StatsJson.toJson(ID, "web", v1(T1, 31234567), Optional.of(v1(T0, 30000000)),
        34013120000000L, 34013020000000L, 2, Map.of("eth0", new NetDevStats.Iface(5338, 36, 0, 0, 648, 8, 0, 0)),
        false));
    String stats = "{\"active_anon\":0,\"active_file\":0,\"cache\":8192,\"dirty\":0,\"hierarchical_memory_limit\":0,"
        + "\"hierarchical_memsw_limit\":0,\"inactive_anon\":0,\"inactive_file\":4096,\"mapped_file\":0,\"pgfault\":0,"
        + "\"pgmajfault\":0,\"pgpgin\":0,\"pgpgout\":0,\"rss\":290816,\"rss_huge\":0,\"total_active_anon\":0,"
        + "\"total_active_file\":0,\"total_cache\":0,\"total_dirty\":0,\"total_inactive_anon\":0,"
        + "\"total_inactive_file\":4096,\"total_mapped_file\":0,\"total_pgfault\":0,\"total_pgmajfault\":0,"
        + "\"total_pgpgin\":0,\"total_pgpgout\":0,\"total_rss\":0,\"total_rss_huge\":0,\"total_unevictable\":0,"
        + "\"total_writeback\":0,\"unevictable\":0,\"writeback\":0}";
    assertThat(out).isEqualTo("{\"read\":\"2026-11-27T21:00:01.123456789Z\",\"preread\":\"2026-11-27T21:00:00.1Z\","
        + "\"pids_stats\":{\"current\":1},"
        + "\"blkio_stats\":{\"io_service_bytes_recursive\":[{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":4096},"
        + "{\"major\":8,\"minor\":0,\"op\":\"Write\",\"value\":0}],"
        + "\"io_serviced_recursive\":[{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":1}],"
        + "\"io_queue_recursive\":[],\"io_service_time_recursive\":[],\"io_wait_time_recursive\":[],"
        + "\"io_merged_recursive\":[],\"io_time_recursive\":[],\"sectors_recursive\":[]},"
        + "\"num_procs\":0,\"storage_stats\":{},"
        + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":31234567,\"percpu_usage\":[31233567,1000],"
        + "\"usage_in_kernelmode\":10000000,\"usage_in_usermode\":20000000},\"system_cpu_usage\":34013120000000,"
        + "\"online_cpus\":2,\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":30000000,\"percpu_usage\":[29999000,1000],"
        + "\"usage_in_kernelmode\":10000000,\"usage_in_usermode\":20000000},\"system_cpu_usage\":34013020000000,"
        + "\"online_cpus\":2,\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"memory_stats\":{\"usage\":1867776,\"max_usage\":2981888,\"stats\":" + stats + ",\"limit\":25275826176},"
        + "\"name\":\"/web\",\"id\":\"" + ID + "\","
        + "\"networks\":{\"eth0\":{\"rx_bytes\":5338,\"rx_packets\":36,\"rx_errors\":0,\"rx_dropped\":0,"
        + "\"tx_bytes\":648,\"tx_packets\":8,\"tx_errors\":0,\"tx_dropped\":0}}}");
  }

  @Test
  void first_sample_has_zero_preread_and_zero_precpu_and_no_networks_without_interfaces() throws Exception {
    JsonNode n = Json.mapper().readTree(json(StatsJson.toJson(ID, "/web", v1(T1, 5), Optional.empty(), 100, 0, 2,
        Map.of(), false)));
    assertThat(n.get("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(n.get("precpu_stats").toString()).isEqualTo("{\"cpu_usage\":{\"total_usage\":0,"
        + "\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}}");
    assertThat(n.get("name").asText()).isEqualTo("/web");
    assertThat(n.has("networks")).isFalse();
  }

  @Test
  void v2_sample_has_no_percpu_no_max_usage_and_only_service_bytes() throws Exception {
    Map<String, Long> stat = Map.of("anon", 290816L, "file", 4096L, "inactive_file", 4096L, "kernel", 98304L);
    var now = new CgroupStats(T1, new CgroupStats.Cpu(31_234_000, List.of(), 11_234_000, 20_000_000, 12, 3, 4_500_000),
        new CgroupStats.Memory(1867776, 2981888, 104857600, 2, stat),
        new CgroupStats.Blkio(List.of(new CgroupStats.Entry(8, 0, "read", 4096), new CgroupStats.Entry(8, 0, "write", 8192)),
            List.of(new CgroupStats.Entry(8, 0, "read", 1))),
        new CgroupStats.Pids(3, 100));
    JsonNode n = Json.mapper().readTree(json(StatsJson.toJson(ID, "web", now, Optional.empty(), 7, 0, 2, Map.of(), true)));
    assertThat(n.get("blkio_stats").toString()).isEqualTo("{\"io_service_bytes_recursive\":["
        + "{\"major\":8,\"minor\":0,\"op\":\"read\",\"value\":4096},{\"major\":8,\"minor\":0,\"op\":\"write\",\"value\":8192}],"
        + "\"io_serviced_recursive\":null,\"io_queue_recursive\":null,\"io_service_time_recursive\":null,"
        + "\"io_wait_time_recursive\":null,\"io_merged_recursive\":null,\"io_time_recursive\":null,\"sectors_recursive\":null}");
    assertThat(n.get("cpu_stats").toString()).isEqualTo("{\"cpu_usage\":{\"total_usage\":31234000,"
        + "\"usage_in_kernelmode\":11234000,\"usage_in_usermode\":20000000},\"system_cpu_usage\":7,\"online_cpus\":2,"
        + "\"throttling_data\":{\"periods\":12,\"throttled_periods\":3,\"throttled_time\":4500000}}");
    JsonNode mem = n.get("memory_stats");
    assertThat(mem.has("max_usage")).isFalse();
    assertThat(mem.get("usage").asLong()).isEqualTo(1867776);
    assertThat(mem.get("failcnt").asLong()).isEqualTo(2);
    assertThat(mem.get("limit").asLong()).isEqualTo(104857600);
    assertThat(mem.get("stats").get("inactive_file").asLong()).isEqualTo(4096);
    assertThat(mem.get("stats").has("kernel")).isFalse(); // not in Docker's v2 key set
    assertThat(mem.get("stats").size()).isEqualTo(31);
    assertThat(n.get("pids_stats").toString()).isEqualTo("{\"current\":3,\"limit\":100}");
  }

  @Test
  void v2_without_io_has_null_service_bytes() throws Exception {
    var now = new CgroupStats(T1, new CgroupStats.Cpu(0, List.of(), 0, 0, 0, 0, 0),
        new CgroupStats.Memory(0, 0, 0, 0, Map.of()), new CgroupStats.Blkio(List.of(), List.of()),
        new CgroupStats.Pids(0, 0));
    JsonNode n = Json.mapper().readTree(json(StatsJson.toJson(ID, "web", now, Optional.empty(), 0, 0, 2, Map.of(), true)));
    assertThat(n.get("blkio_stats").get("io_service_bytes_recursive").isNull()).isTrue();
    assertThat(n.get("pids_stats").toString()).isEqualTo("{}");
    assertThat(n.get("memory_stats").fieldNames()).toIterable().containsExactly("stats");
  }

  @Test
  void a_stopped_container_is_name_and_id_with_zero_values() {
    assertThat(json(StatsJson.empty(ID, "web"))).isEqualTo("{\"read\":\"0001-01-01T00:00:00Z\","
        + "\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":{},\"blkio_stats\":{\"io_service_bytes_recursive\":null,"
        + "\"io_serviced_recursive\":null,\"io_queue_recursive\":null,\"io_service_time_recursive\":null,"
        + "\"io_wait_time_recursive\":null,\"io_merged_recursive\":null,\"io_time_recursive\":null,"
        + "\"sectors_recursive\":null},\"num_procs\":0,\"storage_stats\":{},"
        + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"memory_stats\":{},\"name\":\"/web\",\"id\":\"" + ID + "\"}");
  }
}
