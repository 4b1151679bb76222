package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.BuildCachePruneReport;
import io.berth.client.model.BuildCacheRecord;
import io.berth.client.model.DiskUsage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The df response's BuildCache records and the build prune report, read without Jackson databind. */
class BuildCacheModelTest {
  private static final String DF = "{\"LayersSize\":0,\"Images\":[],\"Containers\":[],\"Volumes\":[],\"BuildCache\":["
      + "{\"ID\":\"k3v9x0f2a8b1c7d4e6f5a9b0c\",\"Parents\":[\"p1\",\"p2\"],\"Type\":\"regular\",\"Description\":\"/bin/sh -c echo hi\","
      + "\"InUse\":true,\"Shared\":false,\"Size\":1048576,\"CreatedAt\":\"2026-11-28T10:00:00.123456789Z\","
      + "\"LastUsedAt\":\"2026-11-28T12:00:00+02:00\",\"UsageCount\":3},"
      + "{\"ID\":\"old\",\"Parent\":\"p0\",\"Parents\":null,\"Type\":\"regular\",\"Size\":12,\"CreatedAt\":\"2026-01-01T00:00:00Z\","
      + "\"LastUsedAt\":null,\"Shared\":true,\"Future\":{\"x\":1}},{}]}";

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void build_cache_records_read_with_docker_s_zero_values() {
    DiskUsage du = EngineClient.object(b(DF), DiskUsage::fromJson);
    assertThat(du.buildCache()).hasSize(3);
    BuildCacheRecord used = du.buildCache().get(0);
    assertThat(used).isEqualTo(new BuildCacheRecord("k3v9x0f2a8b1c7d4e6f5a9b0c", "", List.of("p1", "p2"), "regular",
        "/bin/sh -c echo hi", true, false, 1048576, "2026-11-28T10:00:00.123456789Z", "2026-11-28T12:00:00+02:00", 3));
    assertThat(used.created()).isEqualTo(Instant.parse("2026-11-28T10:00:00.123456789Z"));
    assertThat(used.lastUsed()).contains(Instant.parse("2026-11-28T10:00:00Z"));

    BuildCacheRecord old = du.buildCache().get(1);
    assertThat(old.parent()).isEqualTo("p0");
    assertThat(old.parents()).isEmpty();
    assertThat(old.shared()).isTrue();
    assertThat(old.lastUsed()).isEmpty();

    BuildCacheRecord empty = du.buildCache().get(2);
    assertThat(empty.id()).isEmpty();
    assertThat(empty.created()).isEqualTo(BuildCacheRecord.GO_ZERO_TIME);
    assertThat(empty.lastUsed()).isEmpty();
  }

  @Test
  void build_cache_records_read_as_jackson_reads_them() throws Exception {
    String one = "{\"ID\":\"x\",\"Parents\":[\"p\"],\"Type\":\"regular\",\"Description\":\"d\",\"InUse\":true,\"Shared\":true,"
        + "\"Size\":5,\"CreatedAt\":\"2026-01-01T00:00:00Z\",\"LastUsedAt\":null,\"UsageCount\":2}";
    assertThat(EngineClient.object(b(one), BuildCacheRecord::fromJson)).isEqualTo(ApiJson.read(b(one), BuildCacheRecord.class));
  }

  @Test
  void prune_report_reads_null_as_nothing_deleted() {
    assertThat(EngineClient.object(b("{\"CachesDeleted\":null,\"SpaceReclaimed\":0}"), BuildCachePruneReport::fromJson))
        .isEqualTo(new BuildCachePruneReport(List.of(), 0));
    assertThat(EngineClient.object(b("{\"CachesDeleted\":[\"a\",\"b\"],\"SpaceReclaimed\":1234567}"), BuildCachePruneReport::fromJson))
        .isEqualTo(new BuildCachePruneReport(List.of("a", "b"), 1234567));
  }
}
