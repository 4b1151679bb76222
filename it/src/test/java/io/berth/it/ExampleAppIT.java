package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import io.berth.testkit.DebianImage;
import io.berth.testkit.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example app (examples/kv-app: a Redis store with a named volume and a healthcheck, a web front
 * end on a published port, a worker that waits for the store to be healthy), every image built from
 * the project's Debian base image, brought up and down with {@code berth compose} and with the Python
 * docker-compose 1.29, both against one berthd.
 */
@Tag("slow")
class ExampleAppIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void the_kv_app_runs_with_both_compose_implementations() throws Exception {
    DebianImage.importInto(berth.daemon());
    Path file = Repo.root().resolve("examples/kv-app/compose.yaml");
    int port = DockerComposeIT.freePort();

    var up = compose("berth", port, file, "kvb", "up", "-d", "--build");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stderr()).contains("Container kvb-db-1  Healthy").contains("Container kvb-web-1  Started");
    put(port, "hello", "world");
    assertThat(get(port, "/kv/hello")).isEqualTo("world");
    BerthDaemon.eventually(Duration.ofSeconds(30), "the worker ticks", () -> get(port, "/").contains("\"ticks\": ")
        && !get(port, "/").contains("\"ticks\": 0,"));
    String ids = berth.docker("ps", "-q", "--filter", "label=com.docker.compose.project=kvb").stdout();
    assertThat(ids.lines().count()).isEqualTo(3);

    var again = compose("berth", port, file, "kvb", "up", "-d");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stderr()).contains("Running").doesNotContain("Recreate");
    assertThat(berth.docker("ps", "-q", "--filter", "label=com.docker.compose.project=kvb").stdout()).isEqualTo(ids);

    // the store's data lives in the named volume: a down without -v keeps it for the next up
    assertThat(compose("berth", port, file, "kvb", "down").exitCode()).isZero();
    assertThat(compose("berth", port, file, "kvb", "up", "-d").exitCode()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(30), "web answers again", () -> get(port, "/kv/hello").equals("world"));
    var down = compose("berth", port, file, "kvb", "down", "-v");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertNothingLeft("kvb");

    if (!Files.isExecutable(DockerComposeIT.COMPOSE)) return; // scripts/install-deps installs it
    var dcUp = compose(DockerComposeIT.COMPOSE.toString(), port, file, "kvd", "up", "-d");
    assertThat(dcUp.exitCode()).as(dcUp.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(30), "web answers", () -> {
      put(port, "via", "docker-compose");
      return get(port, "/kv/via").equals("docker-compose");
    });
    var dcDown = compose(DockerComposeIT.COMPOSE.toString(), port, file, "kvd", "down", "-v");
    assertThat(dcDown.exitCode()).as(dcDown.toString()).isZero();
    assertNothingLeft("kvd");
  }

  private static Cli.Result compose(String tool, int port, Path file, String project, String... args) {
    String cmd = tool.equals("berth") ? "$BERTH compose" : q(tool);
    StringBuilder sb = new StringBuilder("WEB_PORT=" + port + " " + cmd + " -p " + project + " -f "
        + q(file.toString()));
    for (String a : args) sb.append(' ').append(q(a));
    return berth.cli().shell(sb.toString());
  }

  private static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void assertNothingLeft(String project) {
    String label = "label=com.docker.compose.project=" + project;
    assertThat(berth.docker("ps", "-aq", "--filter", label).out()).isEmpty();
    assertThat(berth.docker("volume", "ls", "-q", "--filter", label).out()).isEmpty();
    assertThat(berth.docker("network", "ls", "-q", "--filter", label).out()).isEmpty();
  }

  private static String get(int port, String path) {
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? resp.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void put(int port, String key, String value) {
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kv/" + key))
          .PUT(HttpRequest.BodyPublishers.ofString(value)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // not up yet: the caller's check fails and retries
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
