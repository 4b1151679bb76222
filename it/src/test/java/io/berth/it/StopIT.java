package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code stop}: the stop signal (flag, container config, image), the grace period, then SIGKILL. */
class StopIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** Exits with 128+n when signal n arrives, prints a line first so the test knows the trap is set. */
  private static String trapping(String signal, int code) {
    return "trap 'exit " + code + "' " + signal + "; echo ready; while true; do sleep 0.1; done";
  }

  private static void awaitReady(String name) {
    BerthDaemon.eventually(Duration.ofSeconds(20), name + " ready",
        () -> berth.berth("logs", name).stdout().contains("ready"));
  }

  @Test
  void stop_sends_the_containers_stop_signal() {
    var run = berth.berth("run", "-d", "--name", "stop-usr1", "--stop-signal", "SIGUSR1", "busybox",
        "sh", "-c", trapping("USR1", 42));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    awaitReady("stop-usr1");
    var stop = berth.berth("stop", "-t", "30", "stop-usr1");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(berth.berth("inspect", "-f", "{{.State.ExitCode}}", "stop-usr1").out()).isEqualTo("42");
    berth.berth("rm", "stop-usr1");
  }

  @Test
  void stop_signal_flag_of_the_request_wins() {
    var run = berth.berth("run", "-d", "--name", "stop-flag", "busybox", "sh", "-c", trapping("HUP", 7));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    awaitReady("stop-flag");
    var stop = berth.berth("stop", "-s", "HUP", "stop-flag");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(berth.berth("inspect", "-f", "{{.State.ExitCode}}", "stop-flag").out()).isEqualTo("7");
    berth.berth("rm", "stop-flag");
  }

  @Test
  void after_the_grace_period_the_process_is_killed() {
    var run = berth.berth("run", "-d", "--name", "stop-grace", "busybox", "sh", "-c",
        "trap '' TERM; echo ready; while true; do sleep 0.1; done");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    awaitReady("stop-grace");
    long start = System.nanoTime();
    var stop = berth.berth("stop", "-t", "2", "stop-grace");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(tookMs).as("stop waited for the grace period").isGreaterThanOrEqualTo(1900);
    assertThat(berth.berth("inspect", "-f", "{{.State.ExitCode}}", "stop-grace").out()).isEqualTo("137");
    berth.berth("rm", "stop-grace");
  }

  @Test
  void unknown_signal_names_are_refused_and_change_nothing() {
    var run = berth.berth("run", "-d", "--name", "stop-bad", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    var stop = berth.berth("stop", "-s", "SIGNOPE", "stop-bad");
    assertThat(stop.exitCode()).isNotZero();
    assertThat(stop.stderr()).contains("SIGNOPE");
    var kill = berth.docker("kill", "-s", "NOPE", "stop-bad");
    assertThat(kill.exitCode()).isNotZero();
    assertThat(kill.stderr()).containsIgnoringCase("invalid signal");
    assertThat(berth.berth("inspect", "-f", "{{.State.Status}}", "stop-bad").out()).isEqualTo("running");
    berth.berth("rm", "-f", "stop-bad");
  }
}
