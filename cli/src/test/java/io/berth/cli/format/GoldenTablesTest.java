package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.client.ApiJson;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.ImageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden files are the real docker CLI 28.2.2's output for the same fixtures (served by a fake
 * daemon), taken one second after the fixtures' "now" (1700000000). An image with several
 * repositories is listed in Go map order by docker (random); berth keeps RepoTags order, and the
 * golden files were put in that order.
 */
class GoldenTablesTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_001L);

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = GoldenTablesTest.class.getResourceAsStream("/golden/" + name)) {
      return in.readAllBytes();
    }
  }

  private static String golden(String name) throws IOException {
    return new String(resource(name), StandardCharsets.UTF_8);
  }

  private static List<ContainerSummary> containers() throws IOException {
    return ApiJson.mapper().readValue(resource("containers.json"), new TypeReference<>() {});
  }

  private static List<ImageSummary> images() throws IOException {
    return ApiJson.mapper().readValue(resource("images.json"), new TypeReference<>() {});
  }

  private static String ps(String format, boolean trunc) throws IOException {
    return Table.render(GoTemplate.parse(format), ContainerRows.HEADERS, ContainerRows.rows(containers(), trunc, NOW));
  }

  private static String images(String format, boolean trunc) throws IOException {
    return Table.render(GoTemplate.parse(format), ImageRows.HEADERS, ImageRows.rows(images(), trunc, NOW));
  }

  @Test
  void ps_table_matches_docker() throws IOException {
    assertThat(ps(ContainerRows.DEFAULT_FORMAT, true)).isEqualTo(golden("ps.txt"));
  }

  @Test
  void ps_no_trunc_matches_docker() throws IOException {
    assertThat(ps(ContainerRows.DEFAULT_FORMAT, false)).isEqualTo(golden("ps-notrunc.txt"));
  }

  @Test
  void ps_quiet_and_custom_formats_match_docker() throws IOException {
    assertThat(ps(ContainerRows.QUIET_FORMAT, true)).isEqualTo(golden("ps-q.txt"));
    assertThat(ps("{{.ID}} {{.Names}} {{.Status}}", true)).isEqualTo(golden("ps-format.txt"));
    assertThat(ps("table {{.ID}}\\t{{.Image}}", true)).isEqualTo(golden("ps-format-table.txt"));
  }

  @Test
  void images_tables_match_docker() throws IOException {
    assertThat(images(ImageRows.DEFAULT_FORMAT, true)).isEqualTo(golden("images.txt"));
    assertThat(images(ImageRows.DEFAULT_FORMAT, false)).isEqualTo(golden("images-notrunc.txt"));
    assertThat(images(ImageRows.QUIET_FORMAT, true)).isEqualTo(golden("images-q.txt"));
  }
}
