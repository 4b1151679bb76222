package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python docker-compose 1.29 (Debian 12's {@code docker-compose}, docker-py 5.0.3) against berthd:
 * a busybox project with an httpd on a published port, a dependent service that waits for it to be
 * healthy and reaches it through a link alias too, and a named volume both use. Compose keeps all project state in labels and talks to the
 * daemon's newest API version; {@code exec} shells out to the docker CLI.
 */
class DockerComposeIT {
  static final Path COMPOSE = Path.of("/usr/bin/docker-compose");
  static final String PROJECT = "dcit";

  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @BeforeAll
  static void needsDockerCompose() {
    Assumptions.assumeTrue(Files.isExecutable(COMPOSE),
        "/usr/bin/docker-compose is missing: scripts/install-deps installs it (apt-get install docker-compose)");
  }

  @Test
  void up_ps_logs_exec_recreate_down_v_leaves_nothing() throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(berth.work().resolve("compose-project"));
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, project(port, "one"));

    var up = compose(file, "up", "-d");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stderr()).contains("Creating " + PROJECT + "_web_1").contains("Creating " + PROJECT + "_client_1");

    // depends_on service_healthy: the client is only created once web's healthcheck passed
    var ps = compose(file, "ps");
    assertThat(ps.exitCode()).as(ps.toString()).isZero();
    assertThat(ps.stdout()).containsPattern(PROJECT + "_web_1 .* Up \\(healthy\\) .*0\\.0\\.0\\.0:" + port + "->8000/tcp")
        .containsPattern(PROJECT + "_client_1 .* Up");
    var psq = compose(file, "ps", "-q");
    assertThat(psq.stdout().lines().toList()).hasSize(2).allMatch(id -> id.matches("[0-9a-f]{64}"));

    assertThat(httpGet(port)).isEqualTo("greeting one\n");

    // the client reaches web by its service name on the project network and writes into the shared volume
    BerthDaemon.eventually(Duration.ofSeconds(30), "the client logs a fetch",
        () -> compose(file, "logs", "--no-color", "client").stdout().contains("fetched greeting one"));
    var logs = compose(file, "logs", "--no-color", "--tail", "1", "client");
    assertThat(logs.stdout()).contains("client_1  | fetched greeting one");

    var exec = compose(file, "exec", "-T", "web", "sh", "-c", "cat /data/last; echo \"$GREETING\"");
    assertThat(exec.exitCode()).as(exec.toString()).isZero();
    assertThat(exec.stdout()).isEqualTo("greeting one\none\n");
    // links: the alias resolves for the linking container only (HostConfig.Links on a user-defined network)
    var linked = compose(file, "exec", "-T", "client", "wget", "-q", "-O", "-", "http://front:8000/");
    assertThat(linked.stdout()).as(linked.toString()).isEqualTo("greeting one\n");
    var unlinked = compose(file, "exec", "-T", "web", "nslookup", "front");
    assertThat(unlinked.exitCode()).as(unlinked.toString()).isNotZero();
    var failing = compose(file, "exec", "-T", "web", "sh", "-c", "exit 7");
    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(7);

    // a changed service is recreated: compose renames the old container, reads the old image's
    // ContainerConfig for its volumes, creates the new one and removes the old one
    Files.writeString(file, project(port, "two"));
    var again = compose(file, "up", "-d");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stderr()).contains("Recreating " + PROJECT + "_web_1");
    BerthDaemon.eventually(Duration.ofSeconds(30), "the recreated web answers", () -> "greeting two\n".equals(httpGetOrNull(port)));
    var names = berth.docker("ps", "-a", "--format", "{{.Names}}");
    assertThat(names.stdout().lines().sorted().toList()).containsExactly(PROJECT + "_client_1", PROJECT + "_web_1");
    var kept = compose(file, "exec", "-T", "client", "cat", "/data/last");
    assertThat(kept.stdout()).as("the named volume outlives the recreate").startsWith("greeting");

    var down = compose(file, "down", "-v");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(berth.docker("ps", "-aq").out()).isEmpty();
    assertThat(berth.docker("volume", "ls", "-q").out()).isEmpty();
    assertThat(berth.docker("network", "ls", "--format", "{{.Name}}").stdout().lines().sorted().toList())
        .containsExactly("bridge", "host", "none");
    assertThat(httpGetOrNull(port)).isNull();
  }

  /** web: busybox httpd serving $GREETING with a healthcheck; client: fetches it every second into the volume. */
  private static String project(int port, String greeting) {
    return """
        services:
          web:
            image: busybox
            command: ["sh", "-c", "mkdir -p /www && echo \\"greeting $$GREETING\\" > /www/index.html && exec httpd -f -p 8000 -h /www"]
            environment:
              GREETING: %s
            ports:
              - "%d:8000"
            volumes:
              - shared:/data
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/"]
              interval: 1s
              timeout: 2s
              retries: 20
            stop_signal: SIGKILL
          client:
            image: busybox
            depends_on:
              web:
                condition: service_healthy
            links:
              - web:front
            command: ["sh", "-c", "while true; do wget -q -O /data/last http://web:8000/ && echo fetched $$(cat /data/last); sleep 1; done"]
            volumes:
              - shared:/data
            stop_signal: SIGKILL
        volumes:
          shared:
        """.formatted(greeting, port);
  }

  private static Cli.Result compose(Path file, String... args) {
    List<String> cmd = new ArrayList<>(List.of(COMPOSE.toString(), "--ansi", "never", "-p", PROJECT, "-f", file.toString()));
    cmd.addAll(List.of(args));
    return berth.cli().run(Duration.ofSeconds(120), cmd);
  }

  private static String httpGet(int port) throws IOException, InterruptedException {
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      return resp.body();
    }
  }

  private static String httpGetOrNull(int port) {
    try {
      return httpGet(port);
    } catch (IOException | AssertionError e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static int freePort() {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
