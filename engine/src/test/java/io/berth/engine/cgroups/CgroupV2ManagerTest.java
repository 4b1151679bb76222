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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupV2ManagerTest extends CgroupManagerContract {
  static final Instant NOW = Instant.parse("2026-11-27T21:00:00.5Z");

  Path root;
  final List<String> writes = new ArrayList<>();

  @Override
  CgroupManager open(Path dir) {
    root = CgroupFixtures.v2Root(dir.resolve("cgroup"));
    CgroupFixtures.v2Cgroup(root, PATH, List.of(4242));
    return new CgroupV2Manager(root, CgroupFixtures.proc(dir.resolve("proc")), Clock.fixed(NOW, ZoneOffset.UTC),
        (file, value) -> {
          writes.add(file.getFileName() + "=" + value);
          CgroupFiles.KERNEL.write(file, value);
        });
  }

  @Override
  void addChild(String path, String child, List<Integer> pids) {
    write(root.resolve(path.substring(1)).resolve(child).resolve("cgroup.procs"),
        String.join("\n", pids.stream().map(String::valueOf).toList()));
  }

  @Override
  long memoryPlusSwap(String path) {
    long memory = CgroupFiles.parseLimit(read(cg().resolve("memory.max")));
    long swap = CgroupFiles.parseLimit(read(cg().resolve("memory.swap.max")));
    return CgroupFiles.unlimited(memory) || CgroupFiles.unlimited(swap) ? -1 : memory + swap;
  }

  private Path cg() {
    return root.resolve(PATH.substring(1));
  }

  @Test
  void layout_is_unified() {
    assertThat(manager.layout()).isEqualTo(CgroupLayout.UNIFIED);
  }

  @Test
  void memory_swap_is_converted_to_swap_alone() {
    manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB).withMemorySwap(300 * MIB));
    assertThat(writes).containsExactly("memory.swap.max=" + 200 * MIB, "memory.max=" + 100 * MIB);
    writes.clear();
    manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB).withMemorySwap(100 * MIB));
    assertThat(writes).containsExactly("memory.swap.max=0", "memory.max=" + 100 * MIB);
    writes.clear();
    manager.update(PATH, CgroupLimits.none().withMemory(-1));
    assertThat(writes).containsExactly("memory.swap.max=max", "memory.max=max");
  }

  @Test
  void swap_alone_uses_the_current_memory_limit() {
    manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB));
    writes.clear();
    manager.update(PATH, CgroupLimits.none().withMemorySwap(250 * MIB));
    assertThat(writes).containsExactly("memory.swap.max=" + 150 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(-1));
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemorySwap(250 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("unable to set swap limit without memory limit");
  }

  @Test
  void without_swap_accounting_only_real_swap_limits_fail() throws Exception {
    Files.delete(cg().resolve("memory.swap.max"));
    manager.update(PATH, CgroupLimits.none().withMemory(-1));
    assertThat(writes).containsExactly("memory.max=max");
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(MIB).withMemorySwap(3 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("does not account swap");
  }

  @Test
  void reservation_is_memory_low() {
    manager.update(PATH, CgroupLimits.none().withMemoryReservation(32 * MIB));
    assertThat(read(cg().resolve("memory.low"))).isEqualTo(Long.toString(32 * MIB));
  }

  @Test
  void shares_become_cpu_weight_as_runc_1_1_converts_them() {
    assertThat(CgroupV2Manager.cpuWeight(2)).isEqualTo(1);
    assertThat(CgroupV2Manager.cpuWeight(1024)).isEqualTo(39);
    assertThat(CgroupV2Manager.cpuWeight(262144)).isEqualTo(10000);
    manager.update(PATH, CgroupLimits.none().withCpuShares(512));
    assertThat(read(cg().resolve("cpu.weight"))).isEqualTo("20");
  }

  @Test
  void cpu_max_keeps_the_half_not_given() {
    manager.update(PATH, CgroupLimits.none().withCpuQuota(50000));
    assertThat(read(cg().resolve("cpu.max"))).isEqualTo("50000 100000");
    manager.update(PATH, CgroupLimits.none().withCpuPeriod(200000));
    assertThat(read(cg().resolve("cpu.max"))).isEqualTo("50000 200000");
    manager.update(PATH, CgroupLimits.none().withCpuQuota(-1));
    assertThat(read(cg().resolve("cpu.max"))).isEqualTo("max 200000");
  }

  @Test
  void blkio_weight_goes_to_bfq_as_is_or_to_io_weight_converted() throws Exception {
    assertThat(CgroupV2Manager.ioWeight(10)).isEqualTo(1);
    assertThat(CgroupV2Manager.ioWeight(1000)).isEqualTo(10000);
    manager.update(PATH, CgroupLimits.none().withBlkioWeight(500));
    assertThat(writes).containsExactly("io.weight=4950");
    write(cg().resolve("io.bfq.weight"), "default 100\n");
    manager.update(PATH, CgroupLimits.none().withBlkioWeight(500));
    assertThat(writes).endsWith("io.bfq.weight=500");
  }

  @Test
  void cpuset_and_pids() {
    manager.update(PATH, CgroupLimits.none().withCpusetCpus("0").withCpusetMems("0").withPidsLimit(100));
    assertThat(writes).containsExactly("cpuset.cpus=0", "cpuset.mems=0", "pids.max=100");
  }

  @Test
  void a_value_the_kernel_refuses_is_invalid() {
    var refusing = new CgroupV2Manager(root, dir.resolve("proc"), Clock.systemUTC(), (file, value) -> {
      throw new io.berth.engine.sys.ErrnoException("write", io.berth.engine.sys.Linux.EINVAL);
    });
    assertThatThrownBy(() -> refusing.update(PATH, CgroupLimits.none().withCpusetCpus("7")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("cannot set cpuset.cpus to 7: Invalid argument");
  }

  @Test
  void stats_read_the_v2_files_as_dockers_collector() {
    CgroupStats s = manager.stats(PATH);
    assertThat(s.read()).isEqualTo(NOW);
    assertThat(s.cpu()).isEqualTo(new CgroupStats.Cpu(31_234_000, List.of(), 11_234_000, 20_000_000, 12, 3, 4_500_000));
    assertThat(s.memory().maxUsage()).isEqualTo(2981888);
    assertThat(s.memory().failcnt()).isEqualTo(2); // the oom count of memory.events
    assertThat(s.blkio().serviceBytes()).containsExactly(new CgroupStats.Entry(8, 0, "read", 4096),
        new CgroupStats.Entry(8, 0, "write", 8192), new CgroupStats.Entry(253, 1, "read", 512),
        new CgroupStats.Entry(253, 1, "write", 0));
    assertThat(s.blkio().serviced()).startsWith(new CgroupStats.Entry(8, 0, "read", 1),
        new CgroupStats.Entry(8, 0, "write", 2));
  }

  @Test
  void features_from_the_root_controllers_and_a_probed_child() throws Exception {
    assertThat(manager.features()).isEqualTo(new CgroupFeatures(true, true, true, false, false, true, true, true,
        true, "0-1", "0", true, true, true, true, true, true, true));
    Files.delete(root.resolve("berth/memory.swap.max")); // the kernel does not account swap
    write(root.resolve("cgroup.controllers"), "cpu memory\n");
    CgroupFeatures f = manager.features();
    assertThat(f.swapLimit()).isFalse();
    assertThat(f.pidsLimit()).isFalse();
    assertThat(f.cpuset()).isFalse();
    assertThat(f.cpusetCpus()).isEmpty();
    assertThat(f.blkioWeight()).isFalse();
  }
}
