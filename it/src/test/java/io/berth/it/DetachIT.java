package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Detached containers: {@code run -d}, {@code ps}, {@code logs [-f] [--tail]}, {@code stop}, {@code rm}. */
class DetachIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  static final String COUNTER = "i=0; while true; do echo line$i; i=$((i+1)); sleep 0.2; done";

  @Test
  void run_d_prints_the_full_id_and_ps_lists_the_running_container() {
    var run = berth.berth("run", "-d", "--name", "detach-ps", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).matches("[0-9a-f]{64}");

    var ps = berth.berth("ps");
    assertThat(ps.exitCode()).as(ps.toString()).isZero();
    assertThat(ps.stdout()).contains("detach-ps").contains(run.out().substring(0, 12)).contains("Up");

    var rm = berth.berth("rm", "-f", "detach-ps");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
  }

  @Test
  void logs_tail_prints_only_the_last_lines() {
    start("detach-tail");
    BerthDaemon.eventually(Duration.ofSeconds(20), "5 log lines", () -> berth.berth("logs", "detach-tail").stdout().contains("line5"));
    var tail = berth.berth("logs", "--tail", "2", "detach-tail");
    assertThat(tail.exitCode()).as(tail.toString()).isZero();
    assertThat(tail.stdout().lines()).hasSize(2).allMatch(l -> l.matches("line\\d+"));
    assertThat(tail.stdout()).doesNotContain("line0\n");
    berth.berth("rm", "-f", "detach-tail");
  }

  @Test
  void logs_follow_streams_new_lines_and_ends_when_the_container_stops() {
    start("detach-follow");
    try (var follow = berth.cli().startBerth("logs", "-f", "--tail", "1", "detach-follow")) {
      String first = follow.awaitStdout(s -> !s.isEmpty(), Duration.ofSeconds(20)).lines().findFirst().orElseThrow();
      int n = Integer.parseInt(first.substring("line".length()));
      // Lines written after the follow started must arrive too.
      follow.awaitStdout(s -> s.contains("line" + (n + 3) + "\n"), Duration.ofSeconds(20));

      var stop = berth.berth("stop", "-t", "1", "detach-follow");
      assertThat(stop.exitCode()).as(stop.toString()).isZero();
      var ended = follow.await(Duration.ofSeconds(20));
      assertThat(ended.exitCode()).as(ended.toString()).isZero();
    }
  }

  @Test
  void stopped_container_shows_as_exited_and_rm_removes_it() {
    start("detach-stop");
    var stop = berth.berth("stop", "-t", "1", "detach-stop");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(berth.berth("ps").stdout()).doesNotContain("detach-stop");
    // sh as PID 1 ignores SIGTERM, so stop ends with SIGKILL: 128 + 9.
    assertThat(berth.berth("ps", "-a").stdout()).contains("detach-stop").contains("Exited (137)");

    var rm = berth.berth("rm", "detach-stop");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertThat(berth.berth("ps", "-a").stdout()).doesNotContain("detach-stop");
    assertThat(berth.api().get("/containers/detach-stop/json").status()).isEqualTo(404);
  }

  @Test
  void rm_of_a_running_container_without_force_is_refused() {
    start("detach-busy");
    var rm = berth.berth("rm", "detach-busy");
    assertThat(rm.exitCode()).as(rm.toString()).isNotZero();
    assertThat(rm.stderr()).containsIgnoringCase("running");
    assertThat(berth.berth("rm", "-f", "detach-busy").exitCode()).isZero();
  }

  private static void start(String name) {
    var run = berth.berth("run", "-d", "--name", name, "busybox", "sh", "-c", COUNTER);
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }
}
