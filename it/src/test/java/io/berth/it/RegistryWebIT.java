package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.LayeredImage;
import io.berth.testkit.Repo;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's web pages in a real browser: {@code berth registry serve} holding two images pushed
 * by skopeo (and an index made over /v2/), each page loaded by headless Chromium and its rendered DOM
 * ({@code --dump-dom}) checked: repositories, tags, layers with their sizes, history rows, and a
 * hostile label shown as text, never as markup.
 */
class RegistryWebIT {
  static final String EVIL = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static Path work;
  static Cli cli;
  static Cli.Background registry;
  static int port;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startRegistryAndPush() throws Exception {
    assertThat(CHROMIUM).as("chromium (scripts/install-deps installs it)").isExecutable();
    work = Files.createTempDirectory("berth-regweb");
    cli = new Cli(Repo.root().resolve("bin/berth"), work.resolve("docker.sock"), work);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registry = cli.start(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(), "registry", "serve",
        "--addr", "127.0.0.1:" + port, "--root", work.resolve("registry").toString()));
    registry.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));

    Path busybox = work.resolve("busybox.tar");
    new BusyboxImage().dockerSaveTar(busybox, "busybox:latest");
    ok(cli.run(Duration.ofMinutes(2), List.of("skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + busybox,
        "docker://127.0.0.1:" + port + "/web/busybox:1.0")));

    Path layers = Files.createDirectories(work.resolve("layers"));
    var base = LayeredImage.busybox(layers.resolve("l0.tar"));
    var data = LayeredImage.randomFile(layers.resolve("l1.tar"), "data.bin", 2 * 1024 * 1024, 7);
    var files = LayeredImage.files(layers.resolve("l2.tar"), Map.of("etc/greeting", "hello web\n"));
    Path layered = work.resolve("layered.tar");
    LayeredImage.saveTar(layered, "layered:latest", List.of(base, data, files), Map.of("org.example.evil", EVIL, "org.example.ok", "yes"));
    ok(cli.run(Duration.ofMinutes(2), List.of("skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + layered,
        "docker://127.0.0.1:" + port + "/web/layered:v1")));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.process().destroy();
      assertThat(registry.process().waitFor(20, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
      registry.close();
    }
    if (work != null) cli.run(Duration.ofSeconds(60), List.of("rm", "-rf", work.toString()));
  }

  static Cli.Result ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  /** The DOM Chromium renders for {@code path}, after it ran (or, under our CSP, refused) any script. */
  static String dom(String path) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-");
    List<String> command = List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom",
        "http://127.0.0.1:" + port + path);
    Process p = new ProcessBuilder(command).redirectError(work.resolve("chromium.err").toFile()).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium exits").isTrue();
      assertThat(p.exitValue()).as(out + Files.readString(work.resolve("chromium.err"))).isZero();
      return out;
    } finally {
      // Chromium's helpers (zygote, crashpad) must not outlive the test.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static HttpResponse<byte[]> v2(String method, String path, byte[] body, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode manifest(String repo, String ref) throws Exception {
    var r = v2("GET", "/v2/" + repo + "/manifests/" + ref, null, "Accept",
        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
    assertThat(r.statusCode()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  @Test
  void front_page_lists_the_repositories_with_tag_counts() throws Exception {
    String dom = dom("/");
    assertThat(dom).contains("<title>Repositories · 127.0.0.1:" + port + "</title>");
    assertThat(dom).contains("<a href=\"/r/web/busybox\">web/busybox</a>", "<a href=\"/r/web/layered\">web/layered</a>");
    assertThat(dom).containsPattern("web/layered</a></td><td class=\"num\">1</td><td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC</td>");
  }

  @Test
  void repository_page_lists_tags_with_size_and_platform() throws Exception {
    JsonNode m = manifest("web/layered", "v1");
    long size = m.path("config").path("size").asLong();
    for (JsonNode l : m.path("layers")) size += l.path("size").asLong();
    String dom = dom("/r/web/layered");
    assertThat(dom).contains("<a href=\"/r/web/layered/t/v1\">v1</a>", "<td>image</td>",
        "<span title=\"" + size + " bytes\">", "<td class=\"platform\">linux/amd64</td>",
        "docker pull 127.0.0.1:" + port + "/web/layered");
  }

  @Test
  void image_page_shows_layers_sizes_and_the_hostile_label_as_text() throws Exception {
    JsonNode m = manifest("web/layered", "v1");
    String dom = dom("/r/web/layered/t/v1");
    assertThat(dom).contains("<dd id=\"layer-count\">3</dd>", "docker pull 127.0.0.1:" + port + "/web/layered:v1");
    assertThat(m.path("layers")).hasSize(3);
    for (JsonNode l : m.path("layers")) {
      assertThat(dom).contains("<code>" + l.path("digest").asText() + "</code>", "<span title=\"" + l.path("size").asLong() + " bytes\">");
    }
    // The label is text in a cell: no script element, no img, and the title was not rewritten.
    assertThat(dom).contains("<th>org.example.evil</th><td>&lt;script&gt;document.title='pwned'&lt;/script&gt;"
        + "&lt;img src=x onerror=alert(1)&gt;</td>", "<th>org.example.ok</th><td>yes</td>");
    assertThat(dom).doesNotContain("<script", "<img", "pwned</title>").contains("<title>web/layered:v1 · ");
  }

  @Test
  void image_page_shows_the_history_and_config() throws Exception {
    String dom = dom("/r/web/busybox/t/1.0");
    assertThat(dom).contains("<td class=\"created-by\"><code>berth testkit: busybox-static rootfs</code>",
        "<tr class=\"empty-layer\"><td>2024-01-01T00:00:00Z</td><td class=\"created-by\"><code>CMD [\"sh\"]</code>",
        "<dd id=\"cmd\">[\"sh\"]</dd>", "<code>" + BusyboxImage.PATH_ENV + "</code>", "<dd id=\"platform\">linux/amd64</dd>",
        "<dd id=\"layer-count\">1</dd>");
    assertThat(dom.split("<tr", -1).length - 1).as("header rows + 1 layer + 2 history rows").isEqualTo(2 + 1 + 2);
  }

  @Test
  void index_page_lists_platforms_and_links_to_the_image() throws Exception {
    var head = v2("HEAD", "/v2/web/busybox/manifests/1.0", null, "Accept",
        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
    String digest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    String type = head.headers().firstValue("Content-Type").orElseThrow();
    long size = Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow());
    byte[] index = Json.bytes(Map.of("schemaVersion", 2, "mediaType", "application/vnd.oci.image.index.v1+json",
        "manifests", List.of(Map.of("mediaType", type, "digest", digest, "size", size,
            "platform", Map.of("os", "linux", "architecture", "amd64")))));
    var put = v2("PUT", "/v2/web/busybox/manifests/multi", index, "Content-Type", "application/vnd.oci.image.index.v1+json");
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);

    String dom = dom("/r/web/busybox/t/multi");
    assertThat(dom).contains("<td class=\"platform\">linux/amd64</td>", "<a href=\"/r/web/busybox/d/" + digest + "\">");
    String child = dom("/r/web/busybox/d/" + digest);
    assertThat(child).contains("docker pull 127.0.0.1:" + port + "/web/busybox@" + digest, "<dd id=\"layer-count\">1</dd>");
    List<String> tags = new ArrayList<>();
    for (String t : new String[] {"1.0", "multi"}) if (dom("/r/web/busybox").contains(">" + t + "</a>")) tags.add(t);
    assertThat(tags).containsExactly("1.0", "multi");
  }
}
