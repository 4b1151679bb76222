package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.model.ImageHistoryItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code berth history} against the real docker CLI 28.2.2's output: golden/history/*.txt were printed
 * by {@code docker history} run over a fake daemon serving golden/history/history.json, within two
 * seconds of the fixtures' "now" (1795828922), in UTC. The fixture has a long command with a tab and
 * non-ASCII text, an unknown creation time (0: N/A) and sizes from 0 B to GB.
 */
class HistoryGoldenTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_795_828_923L);

  private static String golden(String name) throws IOException {
    try (InputStream in = HistoryGoldenTest.class.getResourceAsStream("/golden/history/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<ImageHistoryItem> fixture() throws IOException {
    byte[] json = golden("history.json").getBytes(StandardCharsets.UTF_8);
    return JsonFields.of(Map.of("", JsonReader.parseArray(json))).objects("", ImageHistoryItem::fromJson);
  }

  private static String render(String source, boolean quiet, boolean human, boolean trunc) throws IOException {
    return Table.render(GoTemplate.parse(HistoryRows.format(source, quiet, human)), HistoryRows.HEADERS,
        HistoryRows.rows(fixture(), trunc, human, NOW, ZoneOffset.UTC));
  }

  @Test
  void default_table_matches_docker() throws IOException {
    assertThat(render("table", false, true, true)).isEqualTo(golden("history.txt"));
  }

  @Test
  void no_trunc_matches_docker() throws IOException {
    assertThat(render("table", false, true, false)).isEqualTo(golden("history-notrunc.txt"));
  }

  @Test
  void non_human_sizes_and_dates_match_docker() throws IOException {
    assertThat(render("table", false, false, true)).isEqualTo(golden("history-nonhuman.txt"));
  }

  @Test
  void quiet_custom_table_and_json_match_docker() throws IOException {
    assertThat(render("table", true, true, true)).isEqualTo(golden("history-q.txt"));
    assertThat(render("table {{.ID}}\\t{{.Size}}\\t{{.CreatedSince}}", false, true, true))
        .isEqualTo(golden("history-format-table.txt"));
    assertThat(render("json", false, true, true)).isEqualTo(golden("history-json.txt"));
  }
}
