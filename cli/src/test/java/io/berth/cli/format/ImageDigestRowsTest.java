package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.ImageSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code images --digests}: docker's rows, one per tag and digest of the tag's repository. */
class ImageDigestRowsTest {
  static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final ImageSummary IMG = new ImageSummary("sha256:" + "b".repeat(64), "",
      List.of("busybox:latest", "localhost:5000/team/bb:1", "mine:2"),
      List.of("busybox@" + D1, "localhost:5000/team/bb@" + D2, "other/repo@" + D1),
      1_699_999_910, 4_261_185, -1, Map.of(), -1);

  static String render(String format, boolean digests) {
    return Table.render(GoTemplate.parse(format), ImageRows.HEADERS, ImageRows.rows(List.of(IMG), true, NOW, digests));
  }

  @Test
  void digests_show_each_tag_with_its_repository_s_digest() {
    assertThat(render("{{.Repository}} {{.Tag}} {{.Digest}}", true)).isEqualTo("""
        busybox latest %s
        localhost:5000/team/bb 1 %s
        mine 2 <none>
        other/repo <none> %s
        """.formatted(D1, D2, D1));
  }

  @Test
  void without_digests_a_digest_only_repository_still_has_its_row() {
    assertThat(render("{{.Repository}} {{.Tag}} {{.Digest}}", false)).isEqualTo("""
        busybox latest <none>
        localhost:5000/team/bb 1 <none>
        mine 2 <none>
        other/repo <none> <none>
        """);
  }

  @Test
  void the_digests_table_has_docker_s_columns() {
    assertThat(render(ImageRows.DEFAULT_FORMAT_WITH_DIGEST, true).lines().findFirst().orElseThrow())
        .matches("REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE");
  }
}
