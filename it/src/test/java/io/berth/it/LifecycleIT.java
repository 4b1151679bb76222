package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pause/unpause (cgroup freezer), rename, top, restart and port, through berth, the docker CLI and the API. */
class LifecycleIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static final String CLOCK = "while true; do date; sleep 0.1; done";

  @Test
  void a_paused_container_prints_nothing_until_unpaused() throws Exception {
    assertThat(berth.berth("run", "-d", "--name", "lc-clock", "busybox", "sh", "-c", CLOCK).exitCode()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the clock logs 3 lines", () -> logLines("lc-clock") >= 3);

    var pause = berth.berth("pause", "lc-clock");
    assertThat(pause.exitCode()).as(pause.toString()).isZero();
    assertThat(pause.stdout()).isEqualTo("lc-clock\n");
    JsonNode paused = inspect("lc-clock");
    assertThat(paused.at("/State/Status").asText()).as(paused.toString()).isEqualTo("paused");
    assertThat(paused.at("/State/Paused").asBoolean()).isTrue();
    assertThat(paused.at("/State/Running").asBoolean()).isTrue();
    assertThat(berth.berth("ps", "--format", "{{.Names}} {{.Status}}").stdout()).containsPattern("lc-clock Up .* \\(Paused\\)");
    int frozenAt = logLines("lc-clock");
    Thread.sleep(1500);
    assertThat(logLines("lc-clock")).as("no line while paused").isEqualTo(frozenAt);

    var again = berth.berth("pause", "lc-clock");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("Error response from daemon: Container " + id("lc-clock") + " is already paused");
    var direct = berth.api().send("POST", "/containers/lc-clock/pause", null, null, Duration.ofSeconds(30));
    assertThat(direct.status()).isEqualTo(409);

    var unpause = berth.docker("unpause", "lc-clock");
    assertThat(unpause.exitCode()).as(unpause.toString()).isZero();
    assertThat(inspect("lc-clock").at("/State/Status").asText()).isEqualTo("running");
    BerthDaemon.eventually(Duration.ofSeconds(10), "lines again after unpause", () -> logLines("lc-clock") > frozenAt + 2);
    var notPaused = berth.berth("unpause", "lc-clock");
    assertThat(notPaused.exitCode()).isEqualTo(1);
    assertThat(notPaused.stderr()).contains("Container " + id("lc-clock") + " is not paused");
    var notPausedApi = berth.api().send("POST", "/containers/lc-clock/unpause", null, null, Duration.ofSeconds(30));
    assertThat(notPausedApi.status()).isEqualTo(409);

    // stop thaws a paused container so that it gets its signals
    assertThat(berth.berth("pause", "lc-clock").exitCode()).isZero();
    var stop = berth.berth("stop", "-t", "1", "lc-clock");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(inspect("lc-clock").at("/State/Status").asText()).isEqualTo("exited");
    var pauseStopped = berth.berth("pause", "lc-clock");
    assertThat(pauseStopped.exitCode()).isEqualTo(1);
    assertThat(pauseStopped.stderr()).contains("Container " + id("lc-clock") + " is not running");
    assertThat(berth.berth("rm", "lc-clock").exitCode()).isZero();
  }

  @Test
  void a_paused_container_is_removed_only_by_force() {
    assertThat(berth.berth("run", "-d", "--name", "lc-frozen", "busybox", "sleep", "300").exitCode()).isZero();
    assertThat(berth.docker("pause", "lc-frozen").exitCode()).isZero();
    var rm = berth.berth("rm", "lc-frozen");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.stderr()).contains("You cannot remove a paused container " + id("lc-frozen")
        + ". Unpause and then stop the container before attempting removal or force remove");
    var force = berth.berth("rm", "-f", "lc-frozen");
    assertThat(force.exitCode()).as(force.toString()).isZero();
    assertThat(berth.berth("ps", "-a").stdout()).doesNotContain("lc-frozen");
  }

  @Test
  void rename_changes_the_name_and_keeps_names_unique() {
    assertThat(berth.berth("create", "--name", "lc-old", "busybox", "true").exitCode()).isZero();
    assertThat(berth.berth("create", "--name", "lc-taken", "busybox", "true").exitCode()).isZero();
    String id = id("lc-old");
    var rename = berth.berth("rename", "lc-old", "lc-new");
    assertThat(rename.exitCode()).as(rename.toString()).isZero();
    assertThat(rename.stdout()).isEmpty();
    assertThat(inspect("lc-new").at("/Name").asText()).isEqualTo("/lc-new");
    assertThat(inspect("lc-new").at("/Id").asText()).isEqualTo(id);
    assertThat(berth.api().get("/containers/lc-old/json").status()).isEqualTo(404);

    var taken = berth.berth("rename", "lc-new", "lc-taken");
    assertThat(taken.exitCode()).isEqualTo(1);
    assertThat(taken.stderr()).isEqualTo("Error response from daemon: Error when allocating new name: Conflict. The container "
        + "name \"/lc-taken\" is already in use by container \"" + id("lc-taken") + "\". You have to remove (or rename) "
        + "that container to be able to reuse that name.\nError: failed to rename container named lc-new\n");
    var api = berth.api().send("POST", "/containers/lc-new/rename?name=lc-taken", null, null, Duration.ofSeconds(30));
    assertThat(api.status()).isEqualTo(409);
    var same = berth.api().send("POST", "/containers/lc-new/rename?name=lc-new", null, null, Duration.ofSeconds(30));
    assertThat(same.status()).isEqualTo(400);
    assertThat(same.json().path("message").asText()).isEqualTo("Renaming a container with the same name as its current name");
    var docker = berth.docker("rename", "lc-new", "lc-newer");
    assertThat(docker.exitCode()).as(docker.toString()).isZero();
    assertThat(berth.berth("rm", "lc-newer", "lc-taken").exitCode()).isZero();
  }

  @Test
  void top_lists_the_containers_processes() {
    assertThat(berth.berth("run", "-d", "--name", "lc-top", "busybox", "sh", "-c", "sleep 300 & sleep 301; wait").exitCode())
        .isZero();
    BerthDaemon.eventually(Duration.ofSeconds(10), "both sleeps run", () -> berth.berth("top", "lc-top").stdout().contains("sleep 301"));
    var top = berth.berth("top", "lc-top");
    assertThat(top.exitCode()).as(top.toString()).isZero();
    assertThat(top.stdout().lines().findFirst().orElseThrow()).matches("UID +PID +PPID +C +STIME +TTY +TIME +CMD");
    assertThat(top.stdout()).contains("sleep 300").contains("sleep 301").doesNotContain("/sbin/init");
    assertThat(top.stdout().lines().count()).isEqualTo(4); // title, sh, two sleeps

    var custom = berth.berth("top", "lc-top", "-o", "pid,comm");
    assertThat(custom.exitCode()).as(custom.toString()).isZero();
    assertThat(custom.stdout().lines().findFirst().orElseThrow()).matches("PID +COMMAND");
    assertThat(custom.stdout()).contains("sleep");

    var viaDocker = berth.docker("top", "lc-top", "aux");
    assertThat(viaDocker.exitCode()).as(viaDocker.toString()).isZero();
    assertThat(viaDocker.stdout()).contains("USER").contains("sleep 301");

    var api = berth.api().get("/containers/lc-top/top");
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.json().path("Titles").get(1).asText()).isEqualTo("PID");
    assertThat(api.json().path("Processes")).hasSize(3);

    assertThat(berth.berth("kill", "lc-top").exitCode()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(10), "lc-top exited",
        () -> inspect("lc-top").at("/State/Status").asText().equals("exited"));
    var stopped = berth.berth("top", "lc-top");
    assertThat(stopped.exitCode()).isEqualTo(1);
    assertThat(stopped.stderr()).contains("Container " + id("lc-top") + " is not running");
    assertThat(berth.api().get("/containers/lc-top/top").status()).isEqualTo(409);
    assertThat(berth.berth("rm", "lc-top").exitCode()).isZero();
  }

  @Test
  void restart_stops_and_starts_running_and_stopped_containers() {
    assertThat(berth.berth("run", "-d", "--name", "lc-restart", "busybox", "sleep", "300").exitCode()).isZero();
    JsonNode before = inspect("lc-restart");
    var restart = berth.berth("restart", "-t", "1", "lc-restart");
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    assertThat(restart.stdout()).isEqualTo("lc-restart\n");
    JsonNode after = inspect("lc-restart");
    assertThat(after.at("/State/Status").asText()).isEqualTo("running");
    assertThat(after.at("/State/Pid").asInt()).isNotEqualTo(before.at("/State/Pid").asInt());
    assertThat(after.at("/State/StartedAt").asText()).isNotEqualTo(before.at("/State/StartedAt").asText());
    assertThat(after.at("/RestartCount").asInt()).isZero();

    assertThat(berth.berth("kill", "lc-restart").exitCode()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(10), "lc-restart exited",
        () -> inspect("lc-restart").at("/State/Status").asText().equals("exited"));
    var fromStopped = berth.docker("restart", "lc-restart");
    assertThat(fromStopped.exitCode()).as(fromStopped.toString()).isZero();
    assertThat(inspect("lc-restart").at("/State/Status").asText()).isEqualTo("running");

    var badSignal = berth.berth("restart", "-s", "SIGNOPE", "lc-restart");
    assertThat(badSignal.exitCode()).isEqualTo(1);
    assertThat(badSignal.stderr()).contains("Error response from daemon: Cannot restart container lc-restart: Invalid signal: SIGNOPE");
    var badKill = berth.berth("kill", "-s", "NOPE", "lc-restart");
    assertThat(badKill.exitCode()).isEqualTo(1);
    assertThat(badKill.stderr()).contains("Invalid signal: NOPE");
    var missing = berth.berth("restart", "lc-nosuch");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("No such container: lc-nosuch");
    assertThat(berth.berth("rm", "-f", "lc-restart").exitCode()).isZero();
  }

  @Test
  void port_without_networking_lists_nothing() {
    assertThat(berth.berth("create", "--name", "lc-port", "busybox", "true").exitCode()).isZero();
    var all = berth.berth("port", "lc-port");
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.stdout()).isEmpty();
    var one = berth.berth("port", "lc-port", "80/tcp");
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.stderr()).isEqualTo("Error: No public port '80/tcp' published for lc-port\n");
    var docker = berth.docker("port", "lc-port", "80/tcp");
    assertThat(docker.stderr()).contains("No public port '80/tcp' published for lc-port");
    assertThat(berth.berth("rm", "lc-port").exitCode()).isZero();
  }

  private static JsonNode inspect(String name) {
    var r = berth.api().get("/containers/" + name + "/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static String id(String name) {
    return inspect(name).path("Id").asText();
  }

  private static int logLines(String name) {
    var r = berth.berth("logs", name);
    return r.exitCode() == 0 ? (int) r.stdout().lines().count() : 0;
  }
}
