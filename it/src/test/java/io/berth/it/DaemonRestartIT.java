package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Containers outlive a crashed berthd (conmon holds them) and berthd re-adopts them when it comes back. */
class DaemonRestartIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void containers_survive_kill_9_of_berthd_and_exits_during_the_outage_are_recorded() throws Exception {
    var counter = berth.berth("run", "-d", "--name", "survivor", "busybox", "sh", "-c", DetachIT.COUNTER);
    assertThat(counter.exitCode()).as(counter.toString()).isZero();
    var shortLived = berth.berth("run", "-d", "--name", "exits-while-down", "busybox", "sh", "-c", "sleep 2; exit 7");
    assertThat(shortLived.exitCode()).as(shortLived.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the counter logs 3 lines", () -> logLines("survivor") >= 3);

    berth.daemon().kill9();
    Thread.sleep(3000); // the short-lived container exits while no daemon is there
    berth.daemon().restart();

    JsonNode survivor = inspect("survivor");
    assertThat(survivor.at("/State/Running").asBoolean()).as(survivor.toString()).isTrue();
    assertThat(survivor.at("/State/Status").asText()).isEqualTo("running");
    assertThat(berth.berth("ps").stdout()).contains("survivor").doesNotContain("exits-while-down");
    int before = logLines("survivor");
    BerthDaemon.eventually(Duration.ofSeconds(10), "the re-adopted container's log grows", () -> logLines("survivor") > before + 2);

    JsonNode exited = inspect("exits-while-down");
    assertThat(exited.at("/State/Status").asText()).as(exited.toString()).isEqualTo("exited");
    assertThat(exited.at("/State/ExitCode").asInt()).isEqualTo(7);
    assertThat(berth.berth("ps", "-a").stdout()).contains("Exited (7)");

    assertThat(berth.berth("stop", "-t", "1", "survivor").exitCode()).isZero();
    assertThat(inspect("survivor").at("/State/Status").asText()).isEqualTo("exited");
    assertThat(berth.berth("rm", "survivor", "exits-while-down").exitCode()).isZero();
  }

  @Test
  void graceful_restart_keeps_containers_running() {
    var run = berth.berth("run", "-d", "--name", "calm", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    berth.daemon().restart();
    assertThat(inspect("calm").at("/State/Running").asBoolean()).isTrue();
    assertThat(berth.berth("rm", "-f", "calm").exitCode()).isZero();
  }

  private static JsonNode inspect(String name) {
    var r = berth.api().get("/containers/" + name + "/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static int logLines(String name) {
    var r = berth.berth("logs", name);
    return r.exitCode() == 0 ? (int) r.stdout().lines().count() : 0;
  }
}
