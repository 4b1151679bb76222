package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.LayeredImage;
import io.berth.testkit.Repo;
import java.io.IOException;
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

/**
 * {@code berth registry serve} (bin/berth) against real clients: skopeo copying images in and out
 * and inspecting them, and the real dockerd 20.10 (a private one on its own data root and socket)
 * pushing, pulling back and running an image. 127.0.0.0/8 registries are plain HTTP for both
 * without configuration.
 */
class RegistryServerIT {
  static Path work;
  static Cli cli;
  static Cli.Background registry;
  static int port;

  @BeforeAll
  static void startRegistry() throws IOException {
    work = Files.createTempDirectory("berth-regit");
    cli = new Cli(Repo.root().resolve("bin/berth"), work.resolve("docker.sock"), work);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registry = cli.start(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(), "registry", "serve",
        "--addr", "127.0.0.1:" + port, "--root", work.resolve("registry").toString()));
    registry.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.process().destroy();
      assertThat(registry.process().waitFor(20, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
      registry.close();
    }
    if (work != null) run(List.of("rm", "-rf", work.toString()), Duration.ofSeconds(60));
  }

  static Cli.Result run(List<String> command, Duration timeout) {
    return cli.run(timeout, command);
  }

  static Cli.Result ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  String ref(String repoTag) {
    return "127.0.0.1:" + port + "/" + repoTag;
  }

  @Test
  void skopeo_copies_images_in_and_out_and_inspects_them() throws Exception {
    Path busybox = work.resolve("busybox.tar");
    new BusyboxImage().dockerSaveTar(busybox, "busybox:latest");
    ok(run(List.of("skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + busybox, "docker://" + ref("it/busybox:1")),
        Duration.ofMinutes(2)));

    Path layers = work.resolve("layers");
    Files.createDirectories(layers);
    var base = LayeredImage.busybox(layers.resolve("l0.tar"));
    var data = LayeredImage.randomFile(layers.resolve("l1.tar"), "data.bin", 3 * 1024 * 1024, 42);
    var files = LayeredImage.files(layers.resolve("l2.tar"), Map.of("etc/greeting", "hello registry\n"));
    Path layered = work.resolve("layered.tar");
    LayeredImage.saveTar(layered, "layered:latest", List.of(base, data, files), Map.of("org.example", "yes"));
    ok(run(List.of("skopeo", "copy", "--dest-tls-verify=false", "docker-archive:" + layered, "docker://" + ref("it/layered:v1")),
        Duration.ofMinutes(2)));

    var inspect = ok(run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + ref("it/layered:v1")), Duration.ofMinutes(1)));
    assertThat(inspect.stdout()).contains("\"Name\": \"" + ref("it/layered") + "\"", "\"v1\"", "\"org.example\": \"yes\"");
    assertThat(inspect.stdout().split("sha256:").length).isGreaterThan(3);
    var tags = ok(run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + ref("it/busybox")), Duration.ofMinutes(1)));
    assertThat(tags.stdout()).contains("\"1\"");

    // back out: into an OCI layout, and from there into a second repository (blob mounts/uploads again)
    Path back = work.resolve("back-oci");
    ok(run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref("it/layered:v1"), "oci:" + back + ":v1"),
        Duration.ofMinutes(2)));
    assertThat(back.resolve("index.json")).exists();
    ok(run(List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + back + ":v1", "docker://" + ref("it/copy:v1")),
        Duration.ofMinutes(2)));
    Path archive = work.resolve("back.tar");
    ok(run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref("it/busybox:1"), "docker-archive:" + archive
        + ":busybox:back"), Duration.ofMinutes(2)));
    assertThat(Files.size(archive)).isGreaterThan(100_000);

    var raw = ok(run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref("it/copy:v1")), Duration.ofMinutes(1)));
    assertThat(raw.stdout()).contains("\"layers\"");
    var catalog = ok(run(List.of("curl", "-sf", "http://127.0.0.1:" + port + "/v2/_catalog"), Duration.ofSeconds(30)));
    assertThat(catalog.stdout()).contains("it/busybox", "it/copy", "it/layered");
  }

  @Test
  void real_dockerd_pushes_pulls_and_runs_an_image() throws Exception {
    Path d = Files.createTempDirectory("berth-regd");
    Path sock = d.resolve("docker.sock");
    List<String> dockerd = List.of("dockerd", "--data-root", d.resolve("data").toString(), "--exec-root", d.resolve("exec").toString(),
        "-H", "unix://" + sock, "--pidfile", d.resolve("docker.pid").toString(), "--iptables=false", "--ip-masq=false",
        "--bridge=none");
    Cli docker = new Cli(Repo.root().resolve("bin/berth"), sock, work);
    try (Cli.Background daemon = docker.start(dockerd)) {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (docker.docker("version").exitCode() != 0) {
          assertThat(daemon.process().isAlive()).as(daemon.stderrSoFar()).isTrue();
          assertThat(System.nanoTime()).as("dockerd did not come up").isLessThan(deadline);
          Thread.sleep(250);
        }
        Path busybox = work.resolve("busybox-docker.tar");
        new BusyboxImage().dockerSaveTar(busybox, "busybox:latest");
        ok(docker.docker("load", "-i", busybox.toString()));
        ok(docker.docker("tag", "busybox:latest", ref("library/bb:pushed")));
        var push = ok(docker.run(Duration.ofMinutes(2), List.of(Cli.DOCKER.toString(), "push", ref("library/bb:pushed"))));
        assertThat(push.stdout()).contains("Pushed", "pushed: digest: sha256:");
        String digest = push.stdout().replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1");

        ok(docker.docker("rmi", ref("library/bb:pushed"), "busybox:latest"));
        var pull = ok(docker.run(Duration.ofMinutes(2), List.of(Cli.DOCKER.toString(), "pull", ref("library/bb:pushed"))));
        assertThat(pull.stdout()).contains("Pull complete", "Digest: " + digest, "Downloaded newer image");
        var hello = ok(docker.run(Duration.ofMinutes(2), List.of(Cli.DOCKER.toString(), "run", "--rm", "--network", "none",
            ref("library/bb:pushed"), "echo", "hello from berth registry")));
        assertThat(hello.stdout()).contains("hello from berth registry");

        // pushing again: every layer already exists, nothing is uploaded
        var again = ok(docker.run(Duration.ofMinutes(2), List.of(Cli.DOCKER.toString(), "push", ref("library/bb:pushed"))));
        assertThat(again.stdout()).contains("Layer already exists");
      } finally {
        daemon.process().destroy();
        if (!daemon.process().waitFor(30, TimeUnit.SECONDS)) daemon.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      List<String> leaked = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        if (line.contains(d.toString())) leaked.add(line);
      }
      assertThat(leaked).as("mounts left by dockerd").isEmpty();
      var procs = run(List.of("sh", "-c", "ps -eo pid,args | grep -F " + d + " | grep -v grep || true"), Duration.ofSeconds(10));
      assertThat(procs.stdout()).as("processes left by dockerd").isBlank();
      run(List.of("rm", "-rf", d.toString()), Duration.ofSeconds(60));
    }
  }
}
