package io.berth.cli.command;

import io.berth.cli.command.CliRun.Run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth system df}, {@code image prune}, {@code system prune} and {@code system check} against a
 * fake daemon. The df goldens are what docker 28.2.2 printed for golden/df/df.json at the fixed clock.
 */
class SystemCommandsTest {
  /** When docker printed the goldens (relative times are computed from it). */
  static final Clock CAPTURED = Clock.fixed(Instant.ofEpochSecond(1795829277L), ZoneOffset.UTC);
  @TempDir Path dir;
  private FakeDaemon daemon;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String checkReply = "{\"Problems\":[],\"Checked\":{\"Blobs\":3,\"Layers\":2},\"Remaining\":0}";

  static String resource(String name) {
    try (InputStream in = SystemCommandsTest.class.getResourceAsStream("/golden/df/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      calls.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
      return switch (path) {
        case "/system/df" -> new FakeDaemon.Reply(200, resource("df.json"));
        case "/containers/prune" -> new FakeDaemon.Reply(200, "{\"ContainersDeleted\":[\"c1\"],\"SpaceReclaimed\":1000}");
        case "/networks/prune" -> new FakeDaemon.Reply(200, "{\"NetworksDeleted\":null}");
        case "/volumes/prune" -> new FakeDaemon.Reply(200, "{\"VolumesDeleted\":[\"anon1\"],\"SpaceReclaimed\":2000}");
        case "/images/prune" -> new FakeDaemon.Reply(200,
            "{\"ImagesDeleted\":[{\"Untagged\":\"a:1\"},{\"Deleted\":\"sha256:aa\"}],\"SpaceReclaimed\":2500000}");
        case "/build/prune" -> new FakeDaemon.Reply(200, "{\"CachesDeleted\":null,\"SpaceReclaimed\":0}");
        case "/berth/check" -> new FakeDaemon.Reply(200, checkReply);
        default -> new FakeDaemon.Reply(404, "{\"message\":\"page not found\"}");
      };
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  Run berth(String stdin, String... args) {
    return CliRun.run(daemon.host(), CAPTURED, stdin, args);
  }

  @Test
  void system_df_prints_what_docker_prints() {
    assertThat(berth("", "system", "df").out()).isEqualTo(resource("df.txt"));
    assertThat(berth("", "system", "df", "-v").out()).isEqualTo(resource("df-v.txt"));
    assertThat(berth("", "system", "df", "--format", "json").out()).isEqualTo(resource("df-json.txt"));
    assertThat(berth("", "system", "df", "--format", "table {{.Type}}\t{{.Reclaimable}}").out())
        .isEqualTo(resource("df-format-table.txt"));
  }

  @Test
  void image_prune_asks_first_and_prints_docker_s_report() {
    Run no = berth("n\n", "image", "prune");
    assertThat(no.exit()).isZero();
    assertThat(no.out()).isEqualTo("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /images/prune"));

    Run yes = berth("y\n", "image", "prune", "-a", "--filter", "until=24h");
    assertThat(yes.exit()).isZero();
    assertThat(yes.out()).isEqualTo("WARNING! This will remove all images without at least one container associated to them.\n"
        + "Are you sure you want to continue? [y/N] Deleted Images:\nuntagged: a:1\ndeleted: sha256:aa\n\n"
        + "Total reclaimed space: 2.5MB\n");
    assertThat(calls).anyMatch(c -> c.startsWith("POST /images/prune") && c.contains("dangling") && c.contains("false")
        && c.contains("until"));
  }

  @Test
  void system_prune_runs_docker_s_prunes_in_order_and_adds_up_the_space() {
    Run r = berth("", "system", "prune", "-f", "--filter", "label=x=y");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("Deleted Containers:\nc1\n\nDeleted Images:\nuntagged: a:1\ndeleted: sha256:aa\n\n"
        + "Total reclaimed space: 2.501MB\n");
    assertThat(calls.stream().map(c -> c.split("\\?")[0]).toList())
        .containsSubsequence("POST /containers/prune", "POST /networks/prune", "POST /images/prune", "POST /build/prune");

    assertThat(calls).noneMatch(c -> c.startsWith("POST /volumes/prune"));
    Run withVolumes = berth("", "system", "prune", "-f", "--volumes", "--filter", "label=x=y");
    assertThat(withVolumes.out()).isEqualTo("Deleted Containers:\nc1\n\nDeleted Volumes:\nanon1\n\n"
        + "Deleted Images:\nuntagged: a:1\ndeleted: sha256:aa\n\nTotal reclaimed space: 2.503MB\n");
    assertThat(calls.stream().map(c -> c.split("\\?")[0]).toList())
        .containsSubsequence("POST /networks/prune", "POST /volumes/prune", "POST /images/prune");

    Run until = berth("", "system", "prune", "--volumes", "--filter", "until=1h");
    assertThat(until.exit()).isEqualTo(1);
    assertThat(until.err()).isEqualTo("ERROR: The \"until\" filter is not supported with \"--volumes\"\n");
  }

  @Test
  void system_df_counts_volumes_as_docker_does() {
    var du = io.berth.client.model.DiskUsage.fromJson(io.berth.client.json.JsonFields.of(
        io.berth.client.json.JsonReader.parseObject(resource("df-volumes.json").getBytes(StandardCharsets.UTF_8))));
    var df = new SystemDfCommand();
    assertThat(df.output(du, Instant.ofEpochSecond(1795849200L))).isEqualTo(resource("df-volumes.txt"));
    df.verbose = true;
    assertThat(df.output(du, Instant.ofEpochSecond(1795849200L))).contains(resource("df-volumes-v.txt"));
  }

  @Test
  void system_check_exits_1_while_problems_remain() {
    Run clean = berth("", "system", "check");
    assertThat(clean.exit()).isZero();
    assertThat(clean.out()).isEqualTo("store is consistent (checked 3 blobs, 2 layers)\n");

    checkReply = "{\"Problems\":[{\"Kind\":\"snapshot\",\"Object\":\"snapshots/9\",\"Message\":\"no snapshot row names this directory\","
        + "\"Repairable\":true,\"Repaired\":false},{\"Kind\":\"blob\",\"Object\":\"sha256:ab\",\"Message\":\"content does not"
        + " match its digest\",\"Repairable\":false,\"Repaired\":false}],\"Checked\":{\"Blobs\":3},\"Remaining\":2}";
    Run bad = berth("", "system", "check");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).isEqualTo("""
        snapshot snapshots/9: no snapshot row names this directory (repairable)
        blob sha256:ab: content does not match its digest
        2 problems found, 2 remaining (checked 3 blobs)
        run 'berth system check --repair' to remove what is repairable
        """);
    assertThat(berth("", "system", "check", "--repair").exit()).isEqualTo(1);
    assertThat(calls).contains("POST /berth/check?repair=1");
  }
}
