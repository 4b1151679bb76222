package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The berth CLI's side of resource limits against a real berthd: run/create flags reach the
 * container, {@code berth update} changes them, {@code berth stats} reads them, with docker's
 * wording (the daemon side is covered with the docker CLI in LimitsIT and UpdateStatsIT).
 */
class LimitsCliIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void run_flags_become_the_containers_limits() {
    var run = berth.berth("run", "-d", "--name", "cli-lim", "-m", "64m", "--cpus", "0.5", "--pids-limit", "20",
        "--ulimit", "nofile=100:200", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(berth.docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} "
        + "{{range .HostConfig.Ulimits}}{{.Name}}={{.Soft}}:{{.Hard}}{{end}}", "cli-lim").out())
        .isEqualTo((64L << 20) + " 500000000 20 nofile=100:200");
    assertThat(berth.berth("exec", "cli-lim", "cat", "/proc/1/limits").out()).containsPattern("Max open files +100 +200 ");
    berth.berth("rm", "-f", "cli-lim");
  }

  @Test
  void update_changes_a_running_container_and_stats_show_the_new_limit() {
    assertThat(berth.berth("run", "-d", "--name", "cli-upd", "-m", "64m", "busybox", "sleep", "300").exitCode()).isZero();
    var update = berth.berth("update", "-m", "32m", "--memory-swap", "64m", "--pids-limit", "9", "cli-upd");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(update.out()).isEqualTo("cli-upd");
    var stats = berth.berth("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "cli-upd");
    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    assertThat(stats.out()).matches("cli-upd \\d+(\\.\\d+)?[KM]iB / 32MiB 1");

    var refused = berth.berth("update", "-m", "1m", "cli-upd", "cli-nope");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("Error response from daemon: Minimum memory limit allowed is 6MB")
        .contains("Error response from daemon: No such container: cli-nope");
    assertThat(berth.docker("inspect", "-f", "{{.HostConfig.Memory}}", "cli-upd").out()).isEqualTo(Long.toString(32L << 20));
    berth.berth("rm", "-f", "cli-upd");
  }

  @Test
  void stats_table_has_dockers_columns_for_every_running_container() {
    assertThat(berth.berth("run", "-d", "--name", "cli-st", "busybox", "sleep", "300").exitCode()).isZero();
    var mine = berth.berth("stats", "--no-stream");
    var docker = berth.docker("stats", "--no-stream");
    assertThat(mine.exitCode()).as(mine.toString()).isZero();
    String header = mine.stdout().lines().findFirst().orElseThrow();
    // The column names and order are docker's; the padding follows each table's values, and NET I/O
    // moves between the two samples now that containers have a real interface.
    assertThat(header.split("\\s{2,}"))
        .containsExactly(docker.stdout().lines().findFirst().orElseThrow().split("\\s{2,}"));
    assertThat(header).startsWith("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT");
    assertThat(mine.stdout()).contains(" cli-st ");
    var missing = berth.berth("stats", "--no-stream", "cli-st", "cli-none");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout()).isEmpty();
    assertThat(missing.stderr()).contains("Error response from daemon: No such container: cli-none");
    berth.berth("rm", "-f", "cli-st");
  }

  @Test
  void bad_values_are_refused_before_anything_is_created() {
    var size = berth.berth("run", "-m", "12q", "--name", "cli-bad", "busybox", "true");
    assertThat(size.exitCode()).isEqualTo(125);
    assertThat(size.stderr()).startsWith("invalid argument \"12q\" for \"-m, --memory\" flag: invalid suffix: 'q'");
    var device = berth.berth("create", "--device", "/dev/null:rel", "--name", "cli-bad", "busybox", "true");
    assertThat(device.exitCode()).isEqualTo(125);
    assertThat(device.stderr()).startsWith("berth: rel is not an absolute path");
    assertThat(berth.docker("ps", "-aq", "--filter", "name=cli-bad").out()).isEmpty();
  }

  @Test
  void a_berth_run_past_its_memory_is_oom_killed_and_impossible_limits_are_the_daemons_400() {
    var oom = berth.berth("run", "--name", "cli-oom", "-m", "32m", "busybox", "sh", "-c", LimitsIT.allocate(100_000_000));
    assertThat(oom.exitCode()).as(oom.toString()).isEqualTo(137);
    assertThat(berth.berth("inspect", "-f", "{{.State.OOMKilled}}", "cli-oom").out()).isEqualTo("true");
    berth.berth("rm", "cli-oom");
    var cpus = berth.berth("run", "--cpus", "64", "--name", "cli-cpus", "busybox", "true");
    assertThat(cpus.exitCode()).isEqualTo(125);
    assertThat(cpus.stderr()).contains("Range of CPUs is from 0.01 to");
    var none = berth.berth("update", "cli-oom");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains("you must provide one or more flags when using this command");
    assertThat(berth.docker("ps", "-aq", "--filter", "name=cli-").out()).isEmpty();
  }
}
