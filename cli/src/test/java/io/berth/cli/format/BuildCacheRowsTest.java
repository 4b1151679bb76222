package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.BuildCacheRecord;
import io.berth.client.model.DiskUsage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields of docker's {@code buildCacheContext} beyond the default table's (custom formats). */
class BuildCacheRowsTest {
  @Test
  void build_cache_rows_carry_docker_s_field_texts() {
    var used = new BuildCacheRecord("k3v9x0f2a8b1c7d4e6f5a9b0c", "", List.of("sha256:aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb"),
        "regular", "/bin/sh -c echo hi", true, false, 1234, "2026-11-28T10:00:00.120000000Z", "2026-11-28T12:00:00Z", 3);
    var never = new BuildCacheRecord("old", "pppppppppppppppppp", List.of(), "regular", "", false, true, 0,
        "2026-11-28T10:00:00Z", "", 0);
    var du = new DiskUsage(0, List.of(), List.of(), List.of(), List.of(used, never));
    var rows = DiskUsageRows.buildCache(du, false, Instant.parse("2026-11-28T13:00:00Z"));

    var first = rows.get(0).fields(); // never used: first
    assertThat(first.get("ID")).isEqualTo("old");
    assertThat(first.get("Parent")).isEqualTo("pppppppppppppppppp");
    assertThat(first.get("LastUsedAt")).isEqualTo("");
    assertThat(first.get("LastUsedSince")).isEqualTo("");
    assertThat(first.get("CreatedAt")).isEqualTo("2026-11-28 10:00:00 +0000 UTC");
    assertThat(first.get("Shared")).isEqualTo("true");

    var second = rows.get(1).fields();
    assertThat(second.get("ID")).isEqualTo("k3v9x0f2a8b1c7d4e6f5a9b0c*");
    assertThat(second.get("Parent")).isEqualTo("sha256:aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbb");
    assertThat(second.get("CreatedAt")).isEqualTo("2026-11-28 10:00:00.12 +0000 UTC");
    assertThat(second.get("CreatedSince")).isEqualTo("3 hours ago");
    assertThat(second.get("LastUsedSince")).isEqualTo("About an hour ago");
    assertThat(second.get("Size")).isEqualTo("1.23kB");
    assertThat(second.get("InUse")).isEqualTo("true");
    assertThat(second.get("UsageCount")).isEqualTo("3");

    var truncated = DiskUsageRows.buildCache(du, true, Instant.parse("2026-11-28T13:00:00Z")).get(1).fields();
    assertThat(truncated.get("ID")).isEqualTo("k3v9x0f2a8b1*");
    assertThat(truncated.get("Parent")).isEqualTo("aaaaaaaaaaaa"); // docker cuts the joined list as one ID
  }
}
