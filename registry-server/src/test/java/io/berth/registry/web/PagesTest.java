package io.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import io.berth.registry.storage.RepositorySummary;
import io.berth.registry.web.Views.HistoryRow;
import io.berth.registry.web.Views.ImageConfig;
import io.berth.registry.web.Views.ImageView;
import io.berth.registry.web.Views.IndexView;
import io.berth.registry.web.Views.Kind;
import io.berth.registry.web.Views.LayerRow;
import io.berth.registry.web.Views.PlatformRow;
import io.berth.registry.web.Views.TagRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagesTest {
  static final String EVIL = "<script>alert('x')</script>\"&<img src=x onerror=alert(1)>";
  static final Instant T = Instant.parse("2024-05-06T07:08:09Z");
  static final Digest D1 = Digest.sha256("one".getBytes(StandardCharsets.UTF_8));
  static final Digest D2 = Digest.sha256("two".getBytes(StandardCharsets.UTF_8));
  static final Digest D3 = Digest.sha256("three".getBytes(StandardCharsets.UTF_8));

  static ImageView image(Map<String, String> labels, List<HistoryRow> history, List<String> cmd) {
    var config = new ImageConfig("linux/amd64", Optional.of("2024-01-01T00:00:00Z"), List.of("PATH=/bin", "E=" + EVIL),
        List.of(), cmd, Optional.of("/w"), Optional.empty(), List.of("80/tcp"), labels, history);
    return new ImageView("it/app", "v1", D1, "application/vnd.oci.image.manifest.v1+json", Optional.of(T), D2, 1200,
        List.of(new LayerRow(D3, "application/vnd.oci.image.layer.v1.tar+gzip", 3_146_000)), Optional.of(config));
  }

  @Test
  void hostile_labels_history_env_and_cmd_are_escaped() {
    String html = Pages.image("127.0.0.1:5000", image(Map.of(EVIL, EVIL),
        List.of(new HistoryRow(Optional.of(EVIL), "/bin/sh -c " + EVIL, Optional.of(EVIL), false, Optional.of(3_146_000L))),
        List.of("sh", "-c", EVIL)));
    assertThat(html).doesNotContain("<script", "<img", "onerror=alert(1)>", "'x'");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;&lt;img src=x onerror=alert(1)&gt;");
    assertThat(html).contains("<td class=\"created-by\"><code>/bin/sh -c &lt;script&gt;");
    // Cmd is shown as JSON (its own escapes), then HTML-escaped
    assertThat(html).contains("[&quot;sh&quot;,&quot;-c&quot;,&quot;&lt;script&gt;");
  }

  @Test
  void hostile_host_header_repo_and_tag_are_escaped_in_text_and_links() {
    var tags = List.of(new TagRow("v1\"><b>", D1, Kind.IMAGE, Optional.of(2048L), List.of("linux/amd64"), T));
    String html = Pages.tags("h\"><i>", "it/<a>", tags, false);
    assertThat(html).doesNotContain("<b>", "<i>", "<a>");
    assertThat(html).contains("href=\"/r/it/%3Ca%3E/t/v1%22%3E%3Cb%3E\"", "docker pull h&quot;&gt;&lt;i&gt;/it/&lt;a&gt;");
    String list = Pages.repositories("h", List.of(new RepositorySummary("x/<y>", 1, T)), false);
    assertThat(list).contains("href=\"/r/x/%3Cy%3E\"", ">x/&lt;y&gt;</a>").doesNotContain("<y>");
  }

  @Test
  void control_characters_never_reach_the_page() {
    assertThat(Html.text("a\u0000b\u001bc\td\ne\u007f")).isEqualTo("a\uFFFDb\uFFFDc\td\ne\uFFFD");
  }

  @Test
  void sizes_are_formatted_as_docker_prints_them() {
    assertThat(Html.size(0)).isEqualTo("0B");
    assertThat(Html.size(512)).isEqualTo("512B");
    assertThat(Html.size(999)).isEqualTo("999B");
    assertThat(Html.size(1000)).isEqualTo("1kB");
    assertThat(Html.size(1500)).isEqualTo("1.5kB");
    assertThat(Html.size(772_412)).isEqualTo("772.4kB");
    assertThat(Html.size(3_146_000)).isEqualTo("3.146MB");
    assertThat(Html.size(4_400_000_000L)).isEqualTo("4.4GB");
    assertThat(Pages.size(2048)).isEqualTo("<span title=\"2048 bytes\">2.048kB</span>");
  }

  @Test
  void image_page_shows_pull_command_layers_history_config_and_total_size() {
    String html = Pages.image("127.0.0.1:5000", image(Map.of("org.example", "yes"),
        List.of(new HistoryRow(Optional.of("2024-01-01T00:00:00Z"), "ADD rootfs /", Optional.empty(), false, Optional.of(3_146_000L)),
            new HistoryRow(Optional.empty(), "CMD [\"sh\"]", Optional.empty(), true, Optional.empty())),
        List.of("sh")));
    assertThat(html).contains("<pre class=\"pull\" id=\"pull\">docker pull 127.0.0.1:5000/it/app:v1</pre>");
    assertThat(html).contains("<dd id=\"layer-count\">1</dd>", "<dd id=\"size\"><span title=\"3147200 bytes\">3.147MB</span></dd>");
    assertThat(html).contains("<td class=\"created-by\"><code>ADD rootfs /</code>", "<tr class=\"empty-layer\">");
    assertThat(html).contains("<th>org.example</th><td>yes</td>", "<dd id=\"workdir\">/w</dd>", "<dd id=\"ports\">80/tcp</dd>");
    assertThat(html).contains("<link rel=\"stylesheet\" href=\"/-/style.css\">").doesNotContain("<script", "style=");
  }

  @Test
  void index_page_lists_platforms_and_links_the_present_ones() {
    var v = new IndexView("it/multi", "latest", D1, "application/vnd.oci.image.index.v1+json", Optional.empty(), List.of(
        new PlatformRow("linux/amd64", D2, "application/vnd.oci.image.manifest.v1+json", 500, true),
        new PlatformRow("linux/arm64/v8", D3, "application/vnd.oci.image.manifest.v1+json", 501, false)));
    String html = Pages.index("h:5000", v);
    assertThat(html).contains("linux/amd64", "linux/arm64/v8", "href=\"/r/it/multi/d/" + D2 + "\"", "(not in this repository)")
        .doesNotContain("href=\"/r/it/multi/d/" + D3 + "\"");
  }

  @Test
  void digest_pages_pull_by_digest() {
    var v = image(Map.of(), List.of(), List.of());
    var byDigest = new ImageView(v.repo(), D1.toString(), v.digest(), v.mediaType(), v.pushed(), v.configDigest(), v.configSize(),
        v.layers(), v.config());
    assertThat(Pages.image("h", byDigest)).contains("docker pull h/it/app@" + D1);
  }
}
