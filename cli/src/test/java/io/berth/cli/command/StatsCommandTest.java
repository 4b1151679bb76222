package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.Cli;
import io.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth stats --no-stream} against a fake daemon serving the samples in golden/stats: the
 * output must be byte-identical to what docker 28.2.2 printed for the same samples.
 */
class StatsCommandTest {
  @TempDir Path dir;
  private FakeDaemon daemon;

  static String resource(String name) {
    try (InputStream in = StatsCommandTest.class.getResourceAsStream("/golden/stats/" + name)) {
      if (in == null) return null;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      if (path.equals("/containers/json")) return new FakeDaemon.Reply(200, resource("list.json"));
      String ref = path.split("/")[2];
      // the short IDs of list.json are the web and db samples
      String file = switch (ref) {
        case "4f3c2b1a09e8" -> "web";
        case "9a8b7c6d5e4f" -> "db";
        default -> ref;
      };
      String sample = resource("stats-" + file + ".json");
      if (sample == null) return new FakeDaemon.Reply(404, "{\"message\":\"No such container: " + ref + "\"}");
      return new FakeDaemon.Reply(200, sample);
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  record Run(int exit, String out, String err) {}

  static Run berth(FakeDaemon daemon, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = daemon.host();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit;
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]), Map.of(), Clock.systemUTC())) {
      exit = Main.run(cli, all);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void no_stream_table_matches_docker_for_v1_v2_and_stopped_samples() {
    Run r = berth(daemon, "stats", "--no-stream", "web", "db", "stopped");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(resource("table.txt"));
    assertThat(daemon.requests).contains("GET /v1.47/containers/web/stats?stream=0", "GET /v1.47/containers/db/stats?stream=0");
  }

  @Test
  void no_trunc_json_and_templates_match_docker() {
    assertThat(berth(daemon, "stats", "--no-stream", "--no-trunc", "web", "db", "stopped").out()).isEqualTo(resource("notrunc.txt"));
    assertThat(berth(daemon, "stats", "--no-stream", "--format", "json", "web", "db", "stopped").out()).isEqualTo(resource("json.txt"));
    assertThat(berth(daemon, "stats", "--no-stream", "--format",
        "{{.Container}}|{{.Name}}|{{.ID}}|{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}",
        "web", "db", "stopped").out()).isEqualTo(resource("format.txt"));
    assertThat(berth(daemon, "container", "stats", "--no-stream", "--format", "table {{.Name}}\\t{{.CPUPerc}}\\t{{.Container}}",
        "web", "db").out()).isEqualTo(resource("format-table.txt"));
  }

  @Test
  void without_names_the_running_containers_are_listed_by_short_id() {
    Run r = berth(daemon, "stats", "--no-stream");
    assertThat(r.out()).isEqualTo(resource("all.txt"));
    assertThat(daemon.requests).contains("GET /v1.47/containers/json", "GET /v1.47/containers/4f3c2b1a09e8/stats?stream=0");
  }

  @Test
  void missing_containers_fail_the_whole_command_with_each_error() {
    Run r = berth(daemon, "stats", "--no-stream", "web", "missing1", "missing2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error response from daemon: No such container: missing1\n"
        + "Error response from daemon: No such container: missing2\n");
  }

  @Test
  void a_bad_template_is_a_template_parsing_error() {
    Run r = berth(daemon, "stats", "--no-stream", "--format", "{{.Nope}}", "web");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("template parsing error: template: :1:2: executing \"\" at <.Nope>: "
        + "can't evaluate field Nope in type *container.statsContext\n");
  }

  @Test
  void a_sample_is_overdue_two_seconds_after_the_daemon_answered_not_after_the_request() {
    var c = new StatsCommand.Collector("web");
    long later = System.nanoTime() + StatsCommand.SAMPLE_TIMEOUT_NANOS * 2;
    // the daemon has not answered yet (dockerd takes up to two 1 s ticks for stream=0): still pending
    assertThat(c.current(later).invalid()).isFalse();
    c.responded();
    assertThat(c.current(later).invalid()).isTrue();
    assertThat(c.current(System.nanoTime()).invalid()).isFalse();
  }
}
