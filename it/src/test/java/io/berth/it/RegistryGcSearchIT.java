package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.LayeredImage;
import io.berth.testkit.Repo;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code berth registry serve} collecting garbage online while skopeo pushes (and pulls), the
 * offline {@code berth registry gc}, and {@code GET /images/search} answered from the registry's
 * catalog for both the berth and the docker CLI (DOCKER_HOST = berthd).
 */
class RegistryGcSearchIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static final int GRACE_SECONDS = 4;
  static Cli.Background registry;
  static int port;
  static Path root;

  @BeforeAll
  static void startRegistry() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    root = berth.work().resolve("registry");
    registry = berth.cli().start(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(), "registry",
        "serve", "--addr", "127.0.0.1:" + port, "--root", root.toString(), "--gc-grace", GRACE_SECONDS + "s"));
    registry.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.process().destroy();
      assertThat(registry.process().waitFor(20, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
      registry.close();
    }
  }

  static Cli.Result run(Duration timeout, String... command) {
    return berth.cli().run(timeout, List.of(command));
  }

  static Cli.Result ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  static String host() {
    return "127.0.0.1:" + port;
  }

  static String url(String path) {
    return "http://" + host() + path;
  }

  /** Uploads {@code content} as a blob of {@code repo} that no manifest references; returns its digest. */
  static String orphan(String repo, String content) throws Exception {
    Path f = Files.writeString(berth.work().resolve("orphan-" + repo.replace('/', '-') + content.hashCode()), content);
    String digest = "sha256:" + ok(run(Duration.ofSeconds(10), "sha256sum", f.toString())).stdout().split(" ")[0];
    ok(run(Duration.ofSeconds(30), "curl", "-sf", "-X", "POST", "--data-binary", "@" + f,
        url("/v2/" + repo + "/blobs/uploads/?digest=" + digest)));
    return digest;
  }

  static Path blobFile(String digest) {
    return root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  @Test
  void skopeo_pushes_and_pulls_while_gc_runs_and_orphans_go() throws Exception {
    List<String> orphans = new ArrayList<>();
    for (int i = 0; i < 3; i++) orphans.add(orphan("gc/junk", "orphan number " + i));
    Thread.sleep((GRACE_SECONDS + 1) * 1000L);

    Path layers = Files.createDirectories(berth.work().resolve("layers"));
    var base = LayeredImage.busybox(layers.resolve("l0.tar"));
    var data = LayeredImage.randomFile(layers.resolve("l1.tar"), "data.bin", 8 * 1024 * 1024, 7);
    var files = LayeredImage.files(layers.resolve("l2.tar"), Map.of("etc/greeting", "hello gc\n"));
    Path layered = berth.work().resolve("layered.tar");
    LayeredImage.saveTar(layered, "layered:latest", List.of(base, data, files), Map.of());

    // skopeo pushes three copies one after another while gc runs back to back.
    Cli.Background push = berth.cli().start(List.of("sh", "-c", "for r in a b c; do skopeo copy --dest-tls-verify=false "
        + "docker-archive:" + layered + " docker://" + host() + "/gc/$r:v1 || exit 1; done"));
    int runs = 0;
    List<String> gcAnswers = new ArrayList<>();
    while (push.process().isAlive() || runs < 2) {
      var gc = ok(run(Duration.ofSeconds(60), "curl", "-sf", "-X", "POST", url("/berth/gc")));
      gcAnswers.add(gc.stdout());
      runs++;
    }
    var pushed = push.await(Duration.ofMinutes(3));
    assertThat(pushed.exitCode()).as(pushed + "\n" + gcAnswers).isZero();
    assertThat(runs).isGreaterThan(1);
    for (String o : orphans) assertThat(blobFile(o)).as(o).doesNotExist();
    assertThat(String.join("\n", gcAnswers)).contains(orphans.getFirst());

    // Everything pushed meanwhile pulls back whole.
    for (String r : List.of("a", "b", "c")) {
      Path out = berth.work().resolve("back-" + r);
      ok(run(Duration.ofMinutes(2), "skopeo", "copy", "--src-tls-verify=false", "docker://" + host() + "/gc/" + r + ":v1",
          "oci:" + out + ":v1"));
      assertThat(out.resolve("index.json")).exists();
    }

    // Deleted manifests let their image's blobs go once nothing else uses them (a, b and c share
    // every blob and even the manifest bytes, so all three must go first).
    List<String> digests = new ArrayList<>();
    for (String r : List.of("a", "b", "c")) {
      String digest = ok(run(Duration.ofSeconds(30), "curl", "-sfI", "-H",
          "Accept: application/vnd.docker.distribution.manifest.v2+json", url("/v2/gc/" + r + "/manifests/v1"))).stdout()
          .lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("docker-content-digest:")).findFirst()
          .orElseThrow().split(":", 2)[1].strip();
      digests.add(digest);
      ok(run(Duration.ofSeconds(30), "curl", "-sf", "-X", "DELETE", url("/v2/gc/" + r + "/manifests/" + digest)));
    }
    String manifestDigest = digests.getFirst();
    assertThat(blobFile(manifestDigest)).exists();
    // The offline command on the same root (the server keeps running): dry run, then for real.
    var dry = ok(berth.berth("registry", "gc", "--root", root.toString(), "--grace", "0s", "--dry-run"));
    assertThat(dry.stdout()).contains("would delete blob " + manifestDigest).contains("dry run:");
    assertThat(blobFile(manifestDigest)).exists();
    var real = ok(berth.berth("registry", "gc", "--root", root.toString(), "--grace", "0s"));
    assertThat(real.stdout()).contains("deleted blob " + manifestDigest).containsPattern("\\d+ blob\\(s\\) deleted");
    assertThat(blobFile(manifestDigest)).doesNotExist();
    try (var s = Files.list(root.resolve("blobs/sha256"))) {
      assertThat(s.filter(f -> f.toFile().length() >= 8 * 1024 * 1024).toList()).as("the 8 MiB random layer is gone").isEmpty();
    }
    var gone = run(Duration.ofMinutes(1), "skopeo", "inspect", "--tls-verify=false", "docker://" + host() + "/gc/a:v1");
    assertThat(gone.exitCode()).isNotZero();
  }

  @Test
  void search_lists_matching_repositories_of_the_registry_for_berth_and_docker() throws Exception {
    Path busybox = berth.work().resolve("busybox.tar");
    new BusyboxImage().dockerSaveTar(busybox, "busybox:latest");
    for (String repo : List.of("search/bazaar", "search/basket", "search/other")) {
      ok(run(Duration.ofMinutes(2), "skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + busybox,
          "docker://" + host() + "/" + repo + ":1"));
    }
    var b = ok(berth.berth("search", host() + "/ba"));
    assertThat(b.stdout().lines().toList()).hasSize(3);
    assertThat(b.stdout()).startsWith("NAME").contains("DESCRIPTION", "STARS", "OFFICIAL")
        .contains(host() + "/search/bazaar", host() + "/search/basket").doesNotContain("other");

    var d = ok(berth.docker("search", host() + "/ba"));
    assertThat(d.stdout()).isEqualTo(b.stdout());
    var limited = ok(berth.docker("search", "--limit", "1", "--format", "{{.Name}} {{.StarCount}}", host() + "/ba"));
    assertThat(limited.stdout()).matches(java.util.regex.Pattern.quote(host()) + "/search/ba(zaar|sket) 0\n");
    assertThat(ok(berth.docker("search", "--filter", "is-official=true", host() + "/ba")).stdout().lines()).hasSize(1);

    var hub = berth.docker("search", "busybox");
    assertThat(hub.exitCode()).isNotZero();
    assertThat(hub.stderr()).contains("Error response from daemon:").contains("Docker Hub")
        .contains("127.0.0.1:5000/busybox");
  }
}
