package io.berth.engine.cgroups;

import static io.berth.engine.cgroups.CgroupFixtures.read;
import static io.berth.engine.cgroups.CgroupFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupV1ManagerTest extends CgroupManagerContract {
  static final Instant NOW = Instant.parse("2026-11-27T21:00:00.123456789Z");

  Map<String, Path> mounts;
  FakeV1Kernel kernel;

  @Override
  CgroupManager open(Path dir) {
    mounts = CgroupFixtures.v1Roots(dir.resolve("cgroup"));
    CgroupFixtures.v1Cgroup(mounts, PATH, List.of(4242));
    kernel = new FakeV1Kernel();
    return new CgroupV1Manager(CgroupLayout.HYBRID, mounts, CgroupFixtures.proc(dir.resolve("proc")),
        Clock.fixed(NOW, ZoneOffset.UTC), kernel);
  }

  @Override
  void addChild(String path, String child, List<Integer> pids) {
    for (Path m : mounts.values()) {
      write(m.resolve(path.substring(1)).resolve(child).resolve("cgroup.procs"),
          String.join("\n", pids.stream().map(String::valueOf).toList()));
    }
  }

  @Override
  long memoryPlusSwap(String path) {
    long v = CgroupFiles.parseLimit(read(mem(path).resolve("memory.memsw.limit_in_bytes")));
    return CgroupFiles.unlimited(v) ? -1 : v;
  }

  private Path mem(String path) {
    return mounts.get("memory").resolve(path.substring(1));
  }

  private Path cpu(String path) {
    return mounts.get("cpu").resolve(path.substring(1));
  }

  private void limits(long memory, long memsw) {
    write(mem(PATH).resolve("memory.limit_in_bytes"), Long.toString(memory));
    write(mem(PATH).resolve("memory.memsw.limit_in_bytes"), Long.toString(memsw));
  }

  @Test
  void layout_is_the_one_given() {
    assertThat(manager.layout()).isEqualTo(CgroupLayout.HYBRID);
  }

  @Test
  void raising_memory_and_swap_writes_memsw_first() {
    limits(100 * MIB, 200 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(300 * MIB).withMemorySwap(600 * MIB));
    assertThat(kernel.writes).containsExactly("memory.memsw.limit_in_bytes=" + 600 * MIB,
        "memory.limit_in_bytes=" + 300 * MIB);
  }

  @Test
  void lowering_memory_and_swap_writes_memory_first() {
    limits(300 * MIB, 600 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB).withMemorySwap(200 * MIB));
    assertThat(kernel.writes).containsExactly("memory.limit_in_bytes=" + 100 * MIB,
        "memory.memsw.limit_in_bytes=" + 200 * MIB);
    assertThat(read(mem(PATH).resolve("memory.memsw.limit_in_bytes"))).isEqualTo(Long.toString(200 * MIB));
  }

  @Test
  void unlimited_memory_lifts_swap_first() {
    limits(100 * MIB, 200 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(-1));
    assertThat(kernel.writes).containsExactly("memory.memsw.limit_in_bytes=-1", "memory.limit_in_bytes=-1");
  }

  @Test
  void memory_below_usage_is_refused_with_runcs_words() {
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to set memory limit to 1048576 (current usage: 1867776, peak usage: 2981888)");
  }

  @Test
  void swap_alone_below_memory_is_the_kernels_einval() {
    limits(100 * MIB, 200 * MIB);
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemorySwap(50 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("cannot set memory.memsw.limit_in_bytes to 52428800: Invalid argument");
  }

  @Test
  void swap_without_swap_accounting_is_invalid() throws Exception {
    Files.delete(mem(PATH).resolve("memory.memsw.limit_in_bytes"));
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB).withMemorySwap(200 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("does not account swap");
    manager.update(PATH, CgroupLimits.none().withMemory(-1)); // without memsw, nothing to lift
    assertThat(kernel.writes).containsExactly("memory.limit_in_bytes=-1");
  }

  @Test
  void reservation_is_the_soft_limit() {
    manager.update(PATH, CgroupLimits.none().withMemoryReservation(32 * MIB));
    assertThat(read(mem(PATH).resolve("memory.soft_limit_in_bytes"))).isEqualTo(Long.toString(32 * MIB));
  }

  @Test
  void cpu_shares_quota_and_period_go_to_the_cfs_files() {
    manager.update(PATH, CgroupLimits.none().withCpuShares(512).withCpuQuota(50000).withCpuPeriod(200000));
    assertThat(kernel.writes).containsExactly("cpu.shares=512", "cpu.cfs_period_us=200000", "cpu.cfs_quota_us=50000");
    manager.update(PATH, CgroupLimits.none().withCpuQuota(-1));
    assertThat(read(cpu(PATH).resolve("cpu.cfs_quota_us"))).isEqualTo("-1");
    assertThat(read(cpu(PATH).resolve("cpu.cfs_period_us"))).isEqualTo("200000");
  }

  @Test
  void a_refused_period_is_written_again_after_the_quota() {
    kernel.failOnceWithEinval = "cpu.cfs_period_us";
    manager.update(PATH, CgroupLimits.none().withCpuQuota(10000).withCpuPeriod(20000));
    assertThat(kernel.writes).containsExactly("cpu.cfs_period_us=20000", "cpu.cfs_quota_us=10000",
        "cpu.cfs_period_us=20000");
    kernel.failOnceWithEinval = "cpu.cfs_period_us";
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withCpuPeriod(5000)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("cannot set cpu.cfs_period_us to 5000: Invalid argument");
  }

  @Test
  void cpuset_pids_and_a_limit_the_host_lacks() {
    manager.update(PATH, CgroupLimits.none().withCpusetCpus("1").withCpusetMems("0").withPidsLimit(-1));
    assertThat(kernel.writes).containsExactly("cpuset.cpus=1", "cpuset.mems=0", "pids.max=max");
    // this host's blkio has neither blkio.weight nor blkio.bfq.weight
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withBlkioWeight(500)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("no weight");
    write(mounts.get("blkio").resolve(PATH.substring(1)).resolve("blkio.bfq.weight"), "100");
    manager.update(PATH, CgroupLimits.none().withBlkioWeight(500));
    assertThat(kernel.writes).endsWith("blkio.bfq.weight=500");
  }

  @Test
  void stats_read_the_v1_files_as_dockers_collector() {
    CgroupStats s = manager.stats(PATH);
    assertThat(s.read()).isEqualTo(NOW);
    assertThat(s.cpu()).isEqualTo(new CgroupStats.Cpu(31234567, List.of(21234567L, 10000000L), 10_000_000,
        20_000_000, 12, 3, 4_500_000));
    assertThat(s.memory().maxUsage()).isEqualTo(2981888);
    assertThat(s.memory().failcnt()).isZero();
    assertThat(s.memory().stats()).containsEntry("total_inactive_file", 4096L).containsEntry("swap", 0L)
        .containsEntry("hierarchical_memory_limit", 9223372036854771712L);
    assertThat(s.blkio().serviceBytes()).containsExactly(new CgroupStats.Entry(8, 0, "Read", 4096),
        new CgroupStats.Entry(8, 0, "Write", 8192), new CgroupStats.Entry(8, 0, "Sync", 12288),
        new CgroupStats.Entry(8, 0, "Async", 0), new CgroupStats.Entry(8, 0, "Discard", 0),
        new CgroupStats.Entry(8, 0, "Total", 12288));
    assertThat(s.blkio().serviced()).first().isEqualTo(new CgroupStats.Entry(8, 0, "Read", 1));
  }

  @Test
  void blkio_falls_back_to_the_plain_throttle_files_and_prefers_cfq_counters() throws Exception {
    Path blkio = mounts.get("blkio").resolve(PATH.substring(1));
    Files.delete(blkio.resolve("blkio.throttle.io_service_bytes_recursive"));
    write(blkio.resolve("blkio.throttle.io_service_bytes"), "8:16 Read 512\nTotal 512\n");
    assertThat(manager.stats(PATH).blkio().serviceBytes()).containsExactly(new CgroupStats.Entry(8, 16, "Read", 512));
    write(blkio.resolve("blkio.io_service_bytes_recursive"), "8:0 Read 7\nTotal 7\n");
    write(blkio.resolve("blkio.io_serviced_recursive"), "8:0 Read 1\nTotal 1\n");
    assertThat(manager.stats(PATH).blkio().serviceBytes()).containsExactly(new CgroupStats.Entry(8, 0, "Read", 7));
  }

  @Test
  void a_memory_limit_below_the_host_memory_is_reported_as_is() {
    limits(64 * MIB, 128 * MIB);
    write(mem(PATH).resolve("memory.failcnt"), "7");
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(64 * MIB);
    assertThat(manager.stats(PATH).memory().failcnt()).isEqualTo(7);
  }

  @Test
  void features_of_this_hosts_hierarchies() {
    CgroupFeatures f = manager.features();
    assertThat(f).isEqualTo(new CgroupFeatures(true, true, true, true, true, true, true, true, true, "0-1", "0",
        false, false, true, true, true, true, true));
    write(mounts.get("blkio").resolve("blkio.bfq.weight"), "100");
    assertThat(manager.features().blkioWeight()).isTrue();
  }

  @Test
  void features_without_swap_accounting_or_pids() throws Exception {
    Files.delete(mounts.get("memory").resolve("memory.memsw.limit_in_bytes"));
    var withoutPids = new java.util.HashMap<>(mounts);
    withoutPids.remove("pids");
    var m = new CgroupV1Manager(CgroupLayout.LEGACY, withoutPids, dir.resolve("proc"));
    assertThat(m.features().swapLimit()).isFalse();
    assertThat(m.features().pidsLimit()).isFalse();
    assertThat(m.stats(PATH).pids()).isEqualTo(new CgroupStats.Pids(0, 0));
    assertThatThrownBy(() -> m.update(PATH, CgroupLimits.none().withPidsLimit(3)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("this host has no pids cgroup hierarchy");
  }
}
