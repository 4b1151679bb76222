package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resource limits enforced on real containers (issue 4): each test makes the container try to exceed
 * its limit and checks that the kernel stopped it, through the docker CLI (the berth CLI's flags are
 * covered by {@link LimitsCliIT}).
 */
class LimitsIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** A busybox shell that holds {@code bytes} in a variable (process memory, not page cache). */
  static String allocate(long bytes) {
    return "a=$(head -c " + bytes + " /dev/zero | tr '\\0' x); echo allocated ${#a}";
  }

  static String id(String name) {
    return berth.docker("inspect", "-f", "{{.Id}}", name).out();
  }

  @Test
  void a_process_past_its_memory_limit_is_oom_killed() {
    var run = berth.docker("run", "--name", "oom", "-m", "32m", "busybox", "sh", "-c", allocate(100_000_000));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(137);
    assertThat(berth.docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}} "
        + "{{.HostConfig.MemorySwap}}", "oom").out()).isEqualTo("true 137 33554432 67108864");
    BerthDaemon.eventually(Duration.ofSeconds(10), "oom and die events", () -> berth.docker("events", "--since", "0",
        "--until", "0s", "--filter", "container=oom", "--format", "{{.Action}}").out().lines().toList()
        .equals(java.util.List.of("create", "start", "oom", "die")));
    berth.docker("rm", "oom");
  }

  @Test
  void a_process_under_its_memory_limit_survives() {
    var run = berth.docker("run", "--rm", "-m", "64m", "busybox", "sh", "-c", allocate(10_000_000));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("allocated 10000000");
  }

  @Test
  void a_fork_loop_stops_at_the_pids_limit() {
    // busybox sh gives up when a fork fails: the loop runs in a child shell, the outer one then
    // needs no new process (exec)
    var run = berth.docker("run", "-d", "--name", "forks", "--pids-limit", "20", "busybox", "sh", "-c",
        "sh -c 'for i in $(seq 1 60); do sleep 300 & done'; echo done; exec sleep 300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String path = "/berth/" + id("forks");
    BerthDaemon.eventually(Duration.ofSeconds(20), "the loop finished",
        () -> berth.docker("logs", "forks").all().contains("done"));
    assertThat(berth.docker("logs", "forks").all()).contains("can't fork");
    assertThat(HostCgroups.pidsCurrent(path)).isBetween(18L, 20L);
    assertThat(HostCgroups.read("pids", path, "pids.max")).isEqualTo("20");
    if (!HostCgroups.unified()) assertThat(HostCgroups.read("pids", path, "pids.peak")).isEqualTo("20");
    // the host is unaffected: it still starts processes
    assertThat(berth.docker("run", "--rm", "busybox", "true").exitCode()).isZero();
    berth.docker("rm", "-f", "forks");
  }

  @Test
  void half_a_cpu_is_half_a_cpu() throws Exception {
    var run = berth.docker("run", "-d", "--name", "cpu-half", "--cpus", "0.5", "busybox", "sh", "-c",
        "while :; do :; done");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String path = "/berth/" + id("cpu-half");
    Thread.sleep(500);
    long t0 = System.nanoTime();
    long c0 = HostCgroups.cpuNanos(path);
    Thread.sleep(4000);
    double cpus = (double) (HostCgroups.cpuNanos(path) - c0) / (System.nanoTime() - t0);
    assertThat(cpus).as("CPUs used").isBetween(0.4, 0.6);
    berth.docker("rm", "-f", "cpu-half");
  }

  @Test
  void cpuset_pins_the_process() {
    var run = berth.docker("run", "--rm", "--cpuset-cpus", "0", "busybox", "grep", "Cpus_allowed_list", "/proc/self/status");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).matches("Cpus_allowed_list:\\s+0");
  }

  /**
   * A loop device stands for the host's disk: on these machines even root on the host may not open
   * the root disk (EPERM), while the block layer throttles a loop device like any other.
   */
  @Test
  void device_read_bps_throttles_a_direct_read() throws Exception {
    try (var disk = LoopDevice.create(berth.work().resolve("disk.img"), 64L << 20)) {
      var run = berth.docker("run", "-d", "--name", "bps", "--device", disk.path() + ":/dev/disk0",
          "--device-read-bps", disk.path() + ":2mb", "busybox", "sleep", "300");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      long t0 = System.nanoTime();
      var dd = berth.docker("exec", "bps", "dd", "if=/dev/disk0", "of=/dev/null", "bs=1M", "count=8", "iflag=direct");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(dd.exitCode()).as(dd.toString()).isZero();
      // 8 MiB at 2 MiB/s: 4 s (± 20%)
      assertThat(seconds).as("seconds to read 8 MiB").isBetween(3.2, 4.8);
      // and unthrottled it is much quicker
      var free = berth.docker("run", "--rm", "--device", disk.path() + ":/dev/disk0", "busybox", "dd", "if=/dev/disk0",
          "of=/dev/null", "bs=1M", "count=8", "iflag=direct");
      assertThat(free.exitCode()).as(free.toString()).isZero();
      berth.docker("rm", "-f", "bps");
    }
  }

  @Test
  void devices_are_denied_unless_given() {
    var absent = berth.docker("run", "--rm", "busybox", "head", "-c", "1", "/dev/kmsg");
    assertThat(absent.exitCode()).isNotZero();
    // a node made inside is still refused by the devices cgroup
    var made = berth.docker("run", "--rm", "busybox", "sh", "-c", "mknod /tmp/kmsg c 1 11 && head -c 1 /tmp/kmsg");
    assertThat(made.exitCode()).isNotZero();
    assertThat(made.all()).contains("Operation not permitted");
    // writing (reading the kernel log needs CAP_SYSLOG, which containers lack)
    var given = berth.docker("run", "--rm", "--device", "/dev/kmsg", "busybox", "sh", "-c",
        "echo berth-limits-it > /dev/kmsg && echo written");
    assertThat(given.exitCode()).as(given.toString()).isZero();
    assertThat(given.out()).isEqualTo("written");
    var readOnly = berth.docker("run", "--rm", "--device", "/dev/kmsg:/dev/kmsg:r", "busybox", "sh", "-c",
        "echo berth-limits-it > /dev/kmsg");
    assertThat(readOnly.all()).contains("Operation not permitted");
    var rule = berth.docker("run", "--rm", "--device-cgroup-rule", "c 1:11 w", "busybox", "sh", "-c",
        "mknod /tmp/kmsg c 1 11 && echo berth-limits-it > /tmp/kmsg && echo written");
    assertThat(rule.exitCode()).as(rule.toString()).isZero();
  }

  @Test
  void ulimits_shm_size_and_oom_score_reach_the_process() {
    var run = berth.docker("run", "--rm", "--ulimit", "nofile=512:1024", "--shm-size", "16m",
        "--oom-score-adj", "300", "busybox", "sh", "-c",
        "ulimit -n; ulimit -Hn; df -k /dev/shm | tail -1; cat /proc/self/oom_score_adj");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    var lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("512");
    assertThat(lines.get(1)).isEqualTo("1024");
    assertThat(lines.get(2)).contains("16384");
    assertThat(lines.get(3)).isEqualTo("300");
  }

  @Test
  void cgroup_namespace_and_parent() {
    var host = berth.docker("run", "--rm", "--cgroupns", "host", "busybox", "grep", "memory", "/proc/self/cgroup");
    assertThat(host.out()).contains(":/berth/");
    var priv = berth.docker("run", "--rm", "--cgroupns", "private", "busybox", "grep", "memory", "/proc/self/cgroup");
    assertThat(priv.out()).endsWith(":/");
    var run = berth.docker("run", "-d", "--name", "parented", "--cgroup-parent", "/berth-it-parent", "-m", "64m",
        "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String path = "/berth-it-parent/" + id("parented");
    try {
      assertThat(HostCgroups.read("memory", path, HostCgroups.unified() ? "memory.max" : "memory.limit_in_bytes"))
          .isEqualTo("67108864");
    } finally {
      berth.docker("rm", "-f", "parented");
      HostCgroups.removeEverywhere("/berth-it-parent");
    }
  }

  @Test
  void impossible_limits_are_refused_and_nothing_is_created() {
    int before = berth.docker("ps", "-aq").out().lines().toList().size();
    var cpus = berth.docker("run", "--cpus", "64", "busybox", "true");
    assertThat(cpus.exitCode()).isEqualTo(125);
    assertThat(cpus.stderr()).contains("Range of CPUs is from 0.01 to");
    var device = berth.docker("create", "--device", "/dev/berth-nope", "busybox", "true");
    assertThat(device.exitCode()).isNotZero();
    assertThat(device.stderr()).contains("error gathering device information while adding custom device \"/dev/berth-nope\"");
    var memory = berth.api().postJson("/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":-5}}");
    assertThat(memory.status()).isEqualTo(400);
    assertThat(memory.text()).contains("Minimum memory limit allowed is 6MB");
    var text = berth.api().postJson("/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}");
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.text()).contains("cannot unmarshal string");
    var ulimit = berth.docker("create", "--ulimit", "nofile=1048576:1048576", "busybox", "true");
    assertThat(ulimit.exitCode()).as(ulimit.toString()).isNotZero();
    assertThat(berth.docker("ps", "-aq").out().lines().toList()).hasSize(before);
  }

  @Test
  void a_limit_the_host_cannot_apply_is_a_warning() {
    var run = berth.docker("create", "--name", "weighted", "--blkio-weight", "300", "busybox", "true");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    if (!HostCgroups.blkioWeightSupported()) {
      assertThat(run.stderr()).contains("WARNING: Your kernel does not support Block I/O weight or the cgroup is not "
          + "mounted. Weight discarded.");
      assertThat(berth.docker("inspect", "-f", "{{.HostConfig.BlkioWeight}}", "weighted").out()).isEqualTo("0");
    }
    berth.docker("rm", "weighted");
  }

  @Test
  void every_limit_reaches_its_cgroup_file() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(HostCgroups.unified(), "v1 file names");
    try (var disk = LoopDevice.create(berth.work().resolve("files.img"), 16L << 20)) {
      String dev = disk.path();
      var run = berth.docker("run", "-d", "--name", "files", "-m", "64m", "--memory-swap", "96m",
          "--memory-reservation", "32m", "--oom-kill-disable", "--cpu-shares", "512", "--cpu-period", "50000",
          "--cpu-quota", "25000", "--cpuset-mems", "0", "--device-write-bps", dev + ":1mb",
          "--device-read-iops", dev + ":100", "--device-write-iops", dev + ":50", "busybox", "sleep", "300");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String path = "/berth/" + id("files");
      String majMin = berth.docker("run", "--rm", "--device", dev + ":/dev/d", "busybox", "stat", "-c", "%t:%T", "/dev/d")
          .out();
      String numbers = Integer.parseInt(majMin.split(":")[0], 16) + ":" + Integer.parseInt(majMin.split(":")[1], 16);
      assertThat(HostCgroups.read("memory", path, "memory.limit_in_bytes")).isEqualTo(Long.toString(64L << 20));
      assertThat(HostCgroups.read("memory", path, "memory.memsw.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
      assertThat(HostCgroups.read("memory", path, "memory.soft_limit_in_bytes")).isEqualTo(Long.toString(32L << 20));
      assertThat(HostCgroups.read("memory", path, "memory.oom_control")).contains("oom_kill_disable 1");
      assertThat(HostCgroups.read("cpu", path, "cpu.shares")).isEqualTo("512");
      assertThat(HostCgroups.read("cpu", path, "cpu.cfs_period_us")).isEqualTo("50000");
      assertThat(HostCgroups.read("cpu", path, "cpu.cfs_quota_us")).isEqualTo("25000");
      assertThat(HostCgroups.read("cpuset", path, "cpuset.mems")).isEqualTo("0");
      assertThat(HostCgroups.read("blkio", path, "blkio.throttle.write_bps_device")).isEqualTo(numbers + " 1048576");
      assertThat(HostCgroups.read("blkio", path, "blkio.throttle.read_iops_device")).isEqualTo(numbers + " 100");
      assertThat(HostCgroups.read("blkio", path, "blkio.throttle.write_iops_device")).isEqualTo(numbers + " 50");
      berth.docker("rm", "-f", "files");
    }
  }

  @Test
  void without_the_oom_killer_a_process_past_its_limit_waits_instead_of_dying() throws Exception {
    var run = berth.docker("run", "-d", "--name", "no-oom-kill", "-m", "16m", "--memory-swap", "16m",
        "--oom-kill-disable", "busybox", "sh", "-c", allocate(40_000_000) + "; sleep 300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String path = "/berth/" + id("no-oom-kill");
    if (!HostCgroups.unified()) {
      BerthDaemon.eventually(Duration.ofSeconds(20), "the process waits at its limit",
          () -> HostCgroups.read("memory", path, "memory.oom_control").contains("under_oom 1"));
    }
    Thread.sleep(1000);
    assertThat(berth.docker("inspect", "-f", "{{.State.Status}}", "no-oom-kill").out()).isEqualTo("running");
    assertThat(berth.docker("rm", "-f", "no-oom-kill").exitCode()).isZero();
  }
}
