package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code update} changes a running container's limits at once; {@code stats} reads what it uses. */
class UpdateStatsIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  static String id(String name) {
    return berth.docker("inspect", "-f", "{{.Id}}", name).out();
  }

  @Test
  void lowering_memory_of_a_running_container_makes_the_next_allocation_fail() {
    // (a shell holding n bytes in a variable needs about 2n on the way: command substitution grows its buffer)
    assertThat(berth.docker("run", "-d", "--name", "upd-mem", "-m", "64m", "busybox", "sleep", "300").exitCode()).isZero();
    var before = berth.docker("exec", "upd-mem", "sh", "-c", LimitsIT.allocate(20_000_000));
    assertThat(before.exitCode()).as(before.toString()).isZero();
    var update = berth.docker("update", "-m", "16m", "--memory-swap", "16m", "upd-mem");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    String path = "/berth/" + id("upd-mem");
    if (!HostCgroups.unified()) {
      assertThat(HostCgroups.read("memory", path, "memory.limit_in_bytes")).isEqualTo(Long.toString(16L << 20));
    }
    var after = berth.docker("exec", "upd-mem", "sh", "-c", LimitsIT.allocate(20_000_000));
    assertThat(after.exitCode()).as(after.toString()).isEqualTo(137);
    assertThat(berth.docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", "upd-mem").out())
        .isEqualTo((16L << 20) + " " + (16L << 20));
    berth.docker("rm", "-f", "upd-mem");
  }

  @Test
  void update_changes_cpu_pids_and_restart_policy_at_once_and_keeps_them_across_restarts() {
    assertThat(berth.docker("run", "-d", "--name", "upd-cpu", "busybox", "sleep", "300").exitCode()).isZero();
    var update = berth.docker("update", "--cpus", "0.5", "--pids-limit", "7", "--restart", "on-failure:3", "upd-cpu");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    String path = "/berth/" + id("upd-cpu");
    if (!HostCgroups.unified()) {
      assertThat(HostCgroups.read("cpu", path, "cpu.cfs_quota_us")).isEqualTo("50000");
      assertThat(HostCgroups.read("cpu", path, "cpu.cfs_period_us")).isEqualTo("100000");
    }
    assertThat(HostCgroups.read("pids", path, "pids.max")).isEqualTo("7");
    assertThat(berth.docker("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} "
        + "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "upd-cpu").out())
        .isEqualTo("500000000 7 on-failure:3");
    assertThat(berth.docker("restart", "-t", "0", "upd-cpu").exitCode()).isZero();
    assertThat(HostCgroups.read("pids", path, "pids.max")).isEqualTo("7");
    berth.docker("rm", "-f", "upd-cpu");
  }

  @Test
  void bad_updates_are_refused_and_change_nothing() {
    assertThat(berth.docker("run", "-d", "--name", "upd-bad", "-m", "32m", "busybox", "sleep", "300").exitCode()).isZero();
    var tooSmall = berth.docker("update", "-m", "1m", "upd-bad");
    assertThat(tooSmall.exitCode()).isNotZero();
    assertThat(tooSmall.stderr()).contains("Minimum memory limit allowed is 6MB");
    var overSwap = berth.docker("update", "-m", "128m", "upd-bad");
    assertThat(overSwap.exitCode()).isNotZero();
    assertThat(overSwap.stderr()).contains("Memory limit should be smaller than already set memoryswap limit");
    assertThat(berth.docker("inspect", "-f", "{{.HostConfig.Memory}}", "upd-bad").out()).isEqualTo(Long.toString(32L << 20));
    var missing = berth.docker("update", "-m", "64m", "upd-nope");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("No such container: upd-nope");
    berth.docker("rm", "-f", "upd-bad");
    var rm = berth.docker("run", "-d", "--rm", "--name", "upd-rm", "busybox", "sleep", "300");
    assertThat(rm.exitCode()).isZero();
    var restart = berth.docker("update", "--restart", "always", "upd-rm");
    assertThat(restart.stderr()).contains("Restart policy cannot be updated because AutoRemove is enabled for the container");
    berth.docker("rm", "-f", "upd-rm");
  }

  @Test
  void stats_follow_the_workload() throws Exception {
    assertThat(berth.docker("run", "-d", "--name", "st-busy", "-m", "128m", "busybox", "sh", "-c",
        "while :; do :; done").exitCode()).isZero();
    assertThat(berth.docker("run", "-d", "--name", "st-mem", "-m", "128m", "busybox", "sh", "-c",
        "echo start; sleep 2; a=$(head -c 40000000 /dev/zero | tr '\\0' x); echo held; sleep 300; echo ${#a}")
        .exitCode()).isZero(); // (the last command would replace the shell, and its memory, by sleep)
    JsonNode idle = stats("st-mem", false);
    assertThat(idle.path("memory_stats").path("limit").asLong()).isEqualTo(128L << 20);
    assertThat(idle.path("pids_stats").path("current").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(idle.path("name").asText()).isEqualTo("/st-mem");
    BerthDaemon.eventually(Duration.ofSeconds(30), "the memory is held",
        () -> berth.docker("logs", "st-mem").out().contains("held"));
    JsonNode held = stats("st-mem", false);
    assertThat(held.path("memory_stats").path("usage").asLong())
        .isGreaterThan(idle.path("memory_stats").path("usage").asLong() + 30_000_000);

    JsonNode busy = stats("st-busy", false);
    long cpuDelta = busy.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()
        - busy.path("precpu_stats").path("cpu_usage").path("total_usage").asLong();
    long systemDelta = busy.path("cpu_stats").path("system_cpu_usage").asLong()
        - busy.path("precpu_stats").path("system_cpu_usage").asLong();
    double percent = (double) cpuDelta / systemDelta * busy.path("cpu_stats").path("online_cpus").asInt() * 100;
    assertThat(percent).as("CPU %% of a busy loop").isBetween(70.0, 130.0);
    JsonNode oneShot = stats("st-busy", true);
    assertThat(oneShot.path("precpu_stats").path("cpu_usage").path("total_usage").asLong()).isZero();

    var table = berth.docker("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "st-mem");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).matches("st-mem \\d+(\\.\\d+)?MiB / 128MiB \\d+");
    berth.docker("rm", "-f", "st-busy", "st-mem");
  }

  @Test
  void stats_of_a_stopped_container_are_zero() {
    assertThat(berth.docker("create", "--name", "st-stopped", "busybox", "true").exitCode()).isZero();
    JsonNode s = stats("st-stopped", false);
    assertThat(s.path("read").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(s.path("name").asText()).isEqualTo("/st-stopped");
    berth.docker("rm", "st-stopped");
  }

  private static JsonNode stats(String name, boolean oneShot) {
    var r = berth.api().get("/containers/" + name + "/stats?stream=false" + (oneShot ? "&one-shot=true" : ""));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }
}
