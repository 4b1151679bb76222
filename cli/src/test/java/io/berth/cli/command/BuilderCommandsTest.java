package io.berth.cli.command;

import io.berth.cli.command.CliRun.Run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * {@code berth builder prune} and the build cache in {@code system df}, against a fake daemon. The
 * goldens (golden/df/df-buildcache*.txt, builder-prune-all.txt) are what docker 28.2.2 printed for
 * golden/df/df-buildcache.json and for the prune reply below, served the same way, at {@link #CAPTURED}.
 */
class BuilderCommandsTest {
  /** When docker printed the goldens. */
  static final Clock CAPTURED = Clock.fixed(Instant.ofEpochSecond(1795836229L), ZoneOffset.UTC);
  static final String PRUNED = "{\"CachesDeleted\":[\"sha256:b2c4d6e8f0a1b3c5d7e9f1a3b\",\"a9f8e7d6c5b4a3f2e1d0c9b8a\"],"
      + "\"SpaceReclaimed\":1234567}";
  @TempDir Path dir;
  private FakeDaemon daemon;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String pruneReply = PRUNED;

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      calls.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
      return switch (path) {
        case "/system/df" -> new FakeDaemon.Reply(200, SystemCommandsTest.resource("df-buildcache.json"));
        case "/build/prune" -> new FakeDaemon.Reply(200, pruneReply);
        case "/containers/prune" -> new FakeDaemon.Reply(200, "{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}");
        case "/networks/prune" -> new FakeDaemon.Reply(200, "{\"NetworksDeleted\":null}");
        case "/images/prune" -> new FakeDaemon.Reply(200, "{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
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
  void system_df_counts_the_build_cache_as_docker_does() {
    // 5 records, 2 in use; SIZE leaves the shared ones out; RECLAIMABLE also the in-use, unshared one
    assertThat(berth("", "system", "df").out()).isEqualTo(SystemCommandsTest.resource("df-buildcache.txt"));
    assertThat(berth("", "system", "df", "--format", "json").out())
        .isEqualTo(SystemCommandsTest.resource("df-buildcache-json.txt"));
  }

  @Test
  void system_df_verbose_lists_the_records_oldest_use_first() {
    // never used first, then by last use (ties by ID); "*" marks a record in use; IDs cut to 12
    assertThat(berth("", "system", "df", "-v").out()).isEqualTo(SystemCommandsTest.resource("df-buildcache-v.txt"));
  }

  @Test
  void builder_prune_asks_first_with_docker_s_warning() {
    Run no = berth("n\n", "builder", "prune");
    assertThat(no.exit()).isZero();
    assertThat(no.out()).isEqualTo("WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /build/prune"));

    Run yes = berth("y\n", "builder", "prune", "-a", "--filter", "until=24h");
    assertThat(yes.exit()).isZero();
    assertThat(yes.out()).isEqualTo(SystemCommandsTest.resource("builder-prune-all.txt"));
    assertThat(calls).anyMatch(c -> c.startsWith("POST /build/prune?") && c.contains("all=1") && c.contains("until"));
  }

  @Test
  void builder_prune_force_prints_the_deleted_records_and_the_space() {
    Run r = berth("", "builder", "prune", "-f");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("Deleted build cache objects:\nsha256:b2c4d6e8f0a1b3c5d7e9f1a3b\na9f8e7d6c5b4a3f2e1d0c9b8a\n\n"
        + "Total reclaimed space: 1.235MB\n");
    assertThat(calls).noneMatch(c -> c.contains("all="));

    pruneReply = "{\"CachesDeleted\":null,\"SpaceReclaimed\":0}";
    assertThat(berth("", "builder", "prune", "--force").out()).isEqualTo("Total reclaimed space: 0B\n");
  }

  @Test
  void system_prune_prints_the_build_cache_it_removed() {
    Run r = berth("", "system", "prune", "-f");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("Deleted build cache objects:\nsha256:b2c4d6e8f0a1b3c5d7e9f1a3b\na9f8e7d6c5b4a3f2e1d0c9b8a\n\n"
        + "Total reclaimed space: 1.235MB\n");
  }

  @Test
  void builder_group_help_and_bad_input_read_as_docker_s() {
    Run help = berth("", "builder");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).isEqualTo("Usage:  berth builder COMMAND\n\nManage builds\n\nCommands:\n"
        + "  prune       Remove build cache\n\nRun 'berth builder COMMAND --help' for more information on a command.\n");

    Run filter = berth("", "builder", "prune", "--filter", "x");
    assertThat(filter.exit()).isEqualTo(125);
    assertThat(filter.err()).isEqualTo("invalid argument \"x\" for \"--filter\" flag: bad format of filter (expected name=value)\n\n"
        + "Usage:  berth builder prune\n\nRun 'berth builder prune --help' for more information\n");

    Run unknown = berth("", "builder", "nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("berth: unknown command: berth builder nope\n");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /build/prune"));
  }
}
