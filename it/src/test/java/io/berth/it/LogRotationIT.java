package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import io.berth.testkit.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log rotation end to end: berthd rotates conmon's log by size, keeps max-file files, drops what is
 * older, and {@code logs}, {@code logs -f} and {@code logs --tail} (berth's and docker's) read what
 * is kept, in order. Also the none driver and berthd's default log options.
 */
class LogRotationIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** 300 numbered lines, 10 ms apart, after a pause that lets a follower attach first. */
  static final String WRITER = "sleep 3; i=0; while [ $i -lt 300 ]; do echo \"line $i\"; i=$((i+1)); usleep 10000; done";

  static List<String> lines(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add("line " + i);
    return out;
  }

  private Path bundle(TestDaemon d, String name) {
    String id = d.cli().berth("inspect", "-f", "{{.Id}}", name).out();
    return d.dataRoot().resolve("containers").resolve(id);
  }

  @Test
  void logs_rotate_by_size_keep_max_file_and_read_back_in_order() throws Exception {
    var create = berth.berth("create", "--name", "rot", "--log-opt", "max-size=1k", "--log-opt", "max-file=2",
        "busybox", "sh", "-c", WRITER);
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(berth.berth("start", "rot").exitCode()).isZero();
    try (var follow = berth.cli().startBerth("logs", "-f", "rot")) {
      var wait = berth.cli().run(Duration.ofSeconds(90), List.of(berth.daemon().repoRoot().resolve("bin/berth").toString(), "wait", "rot"));
      assertThat(wait.out()).isEqualTo("0");
      Cli.Result followed = follow.await(Duration.ofSeconds(30));
      assertThat(followed.exitCode()).as(followed.toString()).isZero();
      // the follower was there from the start: it saw every line once, in order, across ~15 rotations
      assertThat(followed.stdout().lines().toList()).containsExactlyElementsOf(lines(0, 300));
    }

    Path dir = bundle(berth.daemon(), "rot");
    assertThat(dir.resolve("ctr.log")).exists();
    assertThat(dir.resolve("ctr.log.1")).exists();
    assertThat(dir.resolve("ctr.log.2")).doesNotExist();
    // a file is rotated once it has grown past max-size: at most one record more
    assertThat(Files.size(dir.resolve("ctr.log.1"))).isLessThan(1100);

    var logs = berth.berth("logs", "rot");
    assertThat(logs.exitCode()).isZero();
    List<String> kept = logs.stdout().lines().toList();
    assertThat(kept).isNotEmpty().hasSizeLessThan(100).endsWith("line 299");
    int first = Integer.parseInt(kept.getFirst().substring("line ".length()));
    assertThat(first).isPositive();
    assertThat(kept).containsExactlyElementsOf(lines(first, 300)); // older lines dropped, the rest whole
    assertThat(berth.docker("logs", "rot").stdout()).isEqualTo(logs.stdout());
    assertThat(berth.berth("logs", "--tail", "3", "rot").stdout()).isEqualTo("line 297\nline 298\nline 299\n");
    assertThat(berth.docker("logs", "--tail", "3", "rot").stdout()).isEqualTo("line 297\nline 298\nline 299\n");
    assertThat(berth.berth("inspect", "-f", "{{json .HostConfig.LogConfig}}", "rot").out())
        .isEqualTo("{\"Type\":\"k8s-file\",\"Config\":{\"max-file\":\"2\",\"max-size\":\"1k\"}}");
    assertThat(berth.berth("rm", "rot").exitCode()).isZero();
    assertThat(dir).doesNotExist();
  }

  @Test
  void a_follower_that_starts_late_reads_what_is_kept_then_follows() {
    var run = berth.berth("run", "-d", "--name", "late", "--log-opt", "max-size=1k", "--log-opt", "max-file=3",
        "busybox", "sh", "-c", "i=0; while [ $i -lt 100 ]; do echo \"line $i\"; i=$((i+1)); done; sleep 2; "
            + "while [ $i -lt 200 ]; do echo \"line $i\"; i=$((i+1)); usleep 10000; done");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the first burst is logged",
        () -> berth.berth("logs", "late").stdout().contains("line 99\n"));
    try (var follow = berth.cli().startBerth("logs", "-f", "late")) {
      Cli.Result r = follow.await(Duration.ofSeconds(60));
      List<String> got = r.stdout().lines().toList();
      assertThat(got).endsWith("line 199");
      int first = Integer.parseInt(got.getFirst().substring("line ".length()));
      assertThat(got).containsExactlyElementsOf(lines(first, 200));
    }
    assertThat(berth.berth("rm", "late").exitCode()).isZero();
  }

  /** conmon keeps writing while berthd is down; the restarted berthd adopts the container and rotates again. */
  @Test
  void rotation_resumes_after_berthd_is_killed_and_restarted() throws Exception {
    try (TestDaemon d = TestDaemon.start()) {
      d.loadBusybox("busybox:latest");
      var run = d.cli().berth("run", "-d", "--name", "survivor", "--log-opt", "max-size=1k", "--log-opt", "max-file=3",
          "busybox", "sh", "-c", "i=0; while [ $i -lt 500 ]; do echo \"line $i\"; i=$((i+1)); usleep 10000; done");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      Path dir = bundle(d, "survivor");
      BerthDaemon.eventually(Duration.ofSeconds(20), "a first rotation", () -> Files.exists(dir.resolve("ctr.log.1")));
      d.kill9();
      Thread.sleep(1500); // conmon writes on, nothing rotates
      d.restart();
      var wait = d.cli().run(Duration.ofSeconds(90), List.of(d.repoRoot().resolve("bin/berth").toString(), "wait", "survivor"));
      assertThat(wait.out()).isEqualTo("0");
      assertThat(dir.resolve("ctr.log.2")).exists();
      assertThat(dir.resolve("ctr.log.3")).doesNotExist();
      for (String f : List.of("ctr.log.1", "ctr.log.2")) assertThat(Files.size(dir.resolve(f))).as(f).isLessThan(1100);
      List<String> kept = d.cli().berth("logs", "survivor").stdout().lines().toList();
      assertThat(kept).endsWith("line 499");
      int first = Integer.parseInt(kept.getFirst().substring("line ".length()));
      assertThat(kept).containsExactlyElementsOf(lines(first, 500));
    }
  }

  @Test
  void the_none_driver_keeps_no_log_but_run_still_shows_output() {
    var run = berth.berth("run", "--name", "quiet", "--log-driver", "none", "busybox", "echo", "hello none");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("hello none\n");
    Path dir = bundle(berth.daemon(), "quiet");
    assertThat(dir.resolve("ctr.log")).doesNotExist();
    for (Cli.Result logs : List.of(berth.berth("logs", "quiet"), berth.docker("logs", "quiet"))) {
      assertThat(logs.exitCode()).as(logs.toString()).isEqualTo(1);
      assertThat(logs.stderr()).isEqualTo("Error response from daemon: configured logging driver does not support reading\n");
    }
    assertThat(berth.berth("inspect", "-f", "{{.LogPath}}|{{.HostConfig.LogConfig.Type}}", "quiet").out()).isEqualTo("|none");
    var docker = berth.docker("run", "--rm", "--log-driver", "none", "busybox", "echo", "via docker");
    assertThat(docker.stdout()).isEqualTo("via docker\n");
    String id = berth.berth("inspect", "-f", "{{.Id}}", "quiet").out();
    assertThat(berth.berth("rm", "quiet").exitCode()).isZero();
    assertThat(berth.daemon().execRoot().resolve("attach").resolve(id + ".out")).doesNotExist();
  }

  @Test
  void bad_log_options_are_refused_with_dockers_messages() {
    for (Cli.Result r : List.of(berth.berth("run", "--rm", "--log-opt", "max-size=abc", "busybox", "true"),
        berth.docker("run", "--rm", "--log-opt", "max-size=abc", "busybox", "true"))) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
      assertThat(r.stderr()).contains("Error response from daemon: invalid value for max-size: abc: invalid size: 'abc'");
    }
    assertThat(berth.berth("run", "--rm", "--log-opt", "max-file=0", "busybox", "true").stderr())
        .contains("max-file cannot be less than 1");
    assertThat(berth.docker("run", "--rm", "--log-opt", "nope=1", "busybox", "true").stderr())
        .contains("unknown log opt 'nope' for k8s-file log driver");
    assertThat(berth.docker("run", "--rm", "--log-driver", "syslog", "busybox", "true").stderr())
        .contains("logger: no log driver named 'syslog' is registered");
    assertThat(berth.berth("run", "--rm", "--log-driver", "none", "--log-opt", "max-size=1k", "busybox", "true").stderr())
        .contains("invalid logging opts for driver none");
  }

  @Test
  void berthd_log_options_and_config_file_set_the_defaults() throws Exception {
    try (TestDaemon d = TestDaemon.start("--log-opt", "max-size=1k", "--log-opt", "max-file=2")) {
      d.loadBusybox("busybox:latest");
      var run = d.cli().berth("run", "--name", "dflt", "busybox", "sh", "-c",
          "i=0; while [ $i -lt 200 ]; do echo \"line $i\"; i=$((i+1)); usleep 5000; done");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(d.cli().berth("inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", "dflt").out())
          .isEqualTo("{\"max-file\":\"2\",\"max-size\":\"1k\"}");
      Path dir = bundle(d, "dflt");
      assertThat(dir.resolve("ctr.log.1")).exists();
      assertThat(dir.resolve("ctr.log.2")).doesNotExist();
      // a container's own options win over the daemon's
      d.cli().berth("create", "--name", "own", "--log-opt", "max-file=5", "busybox", "true");
      assertThat(d.cli().berth("inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", "own").out())
          .isEqualTo("{\"max-file\":\"5\",\"max-size\":\"1k\"}");
    }
    Path config = Files.createTempFile("berth-daemon-", ".json");
    try {
      Files.writeString(config, "{\"log-driver\": \"none\", \"debug\": true}");
      try (TestDaemon d = TestDaemon.start("--config-file", config.toString())) {
        d.loadBusybox("busybox:latest");
        d.cli().berth("create", "--name", "c", "busybox", "true");
        assertThat(d.cli().berth("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "c").out()).isEqualTo("none");
      }
      Files.writeString(config, "{\"log-opts\": {\"max-size\": \"2k\"}}");
      try {
        TestDaemon.start("--config-file", config.toString(), "--log-opt", "max-file=2").close();
        throw new AssertionError("berthd started with log-opts both in a flag and in its config file");
      } catch (IllegalStateException expected) {
        assertThat(expected.getMessage()).contains("the following directives are specified both as a flag and in the "
            + "configuration file: log-opts: (from flag: map[max-file:2], from file: map[max-size:2k])");
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }
}
