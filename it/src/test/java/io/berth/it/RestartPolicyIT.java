package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart policies with Docker's semantics: always, on-failure:N, unless-stopped, and across a berthd crash. */
class RestartPolicyIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void always_restarts_a_container_that_exits_and_counts_the_restarts() {
    var run = berth.berth("run", "-d", "--name", "rp-always", "--restart", "always", "busybox", "sh", "-c", "sleep 0.3; exit 1");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(60), "RestartCount reaches 4", () -> restartCount("rp-always") >= 4);
    // The back-off has grown (100 ms doubling): catch it waiting, as inspect and ps show it.
    BerthDaemon.eventually(Duration.ofSeconds(60), "the container is seen restarting",
        () -> inspect("rp-always").at("/State/Status").asText().equals("restarting"));
    JsonNode waiting = inspect("rp-always");
    assertThat(waiting.at("/State/Restarting").asBoolean()).as(waiting.toString()).isTrue();
    assertThat(waiting.at("/State/Running").asBoolean()).isTrue();
    assertThat(waiting.at("/State/ExitCode").asInt()).isEqualTo(1);
    assertThat(waiting.at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("always");

    var stop = berth.berth("stop", "-t", "1", "rp-always");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    int count = restartCount("rp-always");
    sleep(2500); // longer than the back-off could have been: a stop cancels the restart
    JsonNode stopped = inspect("rp-always");
    assertThat(stopped.at("/State/Status").asText()).as(stopped.toString()).isEqualTo("exited");
    assertThat(stopped.at("/RestartCount").asInt()).isEqualTo(count);

    // a start through the API begins counting anew
    assertThat(berth.berth("start", "rp-always").exitCode()).isZero();
    assertThat(restartCount("rp-always")).isLessThan(count);
    assertThat(berth.berth("rm", "-f", "rp-always").exitCode()).isZero();
  }

  @Test
  void ps_shows_a_restarting_container_as_docker_does() {
    // exits at once: the back-off soon outlasts the run, so most of the time it is waiting
    var run = berth.berth("run", "-d", "--name", "rp-ps", "--restart", "always", "busybox", "sh", "-c", "exit 2");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(60), "ps shows Restarting (2)",
        () -> berth.berth("ps", "--format", "{{.Names}} {{.Status}}").stdout().matches("(?s).*rp-ps Restarting \\(2\\) .* ago.*"));
    assertThat(berth.docker("ps", "--filter", "name=rp-ps", "--format", "{{.State}}").out()).isIn("restarting", "running");
    assertThat(berth.berth("rm", "-f", "rp-ps").exitCode()).isZero();
    assertThat(berth.berth("ps", "-a").stdout()).doesNotContain("rp-ps");
  }

  @Test
  void on_failure_2_stops_after_two_retries() {
    var run = berth.berth("run", "-d", "--name", "rp-fail", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 5");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(30), "two retries, then exited",
        () -> restartCount("rp-fail") == 2 && inspect("rp-fail").at("/State/Status").asText().equals("exited"));
    sleep(1500); // a third restart would have come after 400 ms
    JsonNode c = inspect("rp-fail");
    assertThat(c.at("/RestartCount").asInt()).as(c.toString()).isEqualTo(2);
    assertThat(c.at("/State/Status").asText()).isEqualTo("exited");
    assertThat(c.at("/State/ExitCode").asInt()).isEqualTo(5);
    assertThat(berth.berth("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout()).contains("rp-fail Exited (5)");

    // a clean exit is no failure
    var ok = berth.berth("run", "-d", "--name", "rp-ok", "--restart", "on-failure", "busybox", "true");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), "rp-ok exited",
        () -> inspect("rp-ok").at("/State/Status").asText().equals("exited"));
    sleep(500);
    assertThat(restartCount("rp-ok")).isZero();
    assertThat(berth.berth("rm", "rp-fail", "rp-ok").exitCode()).isZero();
  }

  @Test
  void unless_stopped_is_not_restarted_after_stop_nor_always_after_kill() {
    var run = berth.berth("run", "-d", "--name", "rp-unless", "--restart", "unless-stopped", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    var run2 = berth.berth("run", "-d", "--name", "rp-killed", "--restart", "always", "busybox", "sleep", "300");
    assertThat(run2.exitCode()).as(run2.toString()).isZero();
    assertThat(berth.berth("stop", "-t", "1", "rp-unless").exitCode()).isZero();
    assertThat(berth.berth("kill", "rp-killed").exitCode()).isZero();
    sleep(1500);
    for (String name : new String[] {"rp-unless", "rp-killed"}) {
      JsonNode c = inspect(name);
      assertThat(c.at("/State/Status").asText()).as(c.toString()).isEqualTo("exited");
      assertThat(c.at("/RestartCount").asInt()).isZero();
    }
    assertThat(berth.berth("rm", "rp-unless", "rp-killed").exitCode()).isZero();
  }

  @Test
  void policies_apply_across_a_kill_9_of_berthd() {
    assertThat(berth.berth("run", "-d", "--name", "rp-crash-unless", "--restart", "unless-stopped", "busybox", "sleep", "300")
        .exitCode()).isZero();
    assertThat(berth.berth("run", "-d", "--name", "rp-crash-stopped", "--restart", "always", "busybox", "sleep", "300")
        .exitCode()).isZero();
    assertThat(berth.berth("stop", "-t", "1", "rp-crash-unless", "rp-crash-stopped").exitCode()).isZero();
    // exits (status 3) seconds after its first start, later runs stay up: its rootfs keeps the marker
    String onceThenStay = "if [ -f /ran ]; then exec sleep 300; fi; touch /ran; sleep 4; exit 3";
    assertThat(berth.berth("run", "-d", "--name", "rp-crash-always", "--restart", "always", "busybox", "sh", "-c", onceThenStay)
        .exitCode()).isZero();
    assertThat(berth.berth("run", "-d", "--name", "rp-crash-no", "busybox", "sh", "-c", "sleep 4; exit 3").exitCode()).isZero();

    berth.daemon().kill9();
    sleep(6000); // the processes exit while no berthd is there
    berth.daemon().restart();

    BerthDaemon.eventually(Duration.ofSeconds(30), "the always container runs again",
        () -> inspect("rp-crash-always").at("/State/Status").asText().equals("running"));
    JsonNode always = inspect("rp-crash-always");
    assertThat(always.at("/State/Running").asBoolean()).as(always.toString()).isTrue();
    // dockerd starts an `always` container at daemon start even after a manual stop, never an unless-stopped one
    BerthDaemon.eventually(Duration.ofSeconds(30), "the stopped always container runs again",
        () -> inspect("rp-crash-stopped").at("/State/Status").asText().equals("running"));
    JsonNode unless = inspect("rp-crash-unless");
    assertThat(unless.at("/State/Status").asText()).as(unless.toString()).isEqualTo("exited");
    JsonNode no = inspect("rp-crash-no");
    assertThat(no.at("/State/Status").asText()).as(no.toString()).isEqualTo("exited");
    assertThat(no.at("/State/ExitCode").asInt()).isEqualTo(3);

    assertThat(berth.berth("rm", "-f", "rp-crash-always", "rp-crash-no", "rp-crash-unless", "rp-crash-stopped").exitCode())
        .isZero();
  }

  private static JsonNode inspect(String name) {
    var r = berth.api().get("/containers/" + name + "/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static int restartCount(String name) {
    return inspect(name).at("/RestartCount").asInt();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
