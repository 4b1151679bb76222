package io.berth.engine.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The v1 manager against the real kernel, as root: a cgroup of our own in the memory, pids, cpu,
 * cpuacct and blkio hierarchies with a {@code sleep} in it. Everything created is removed after
 * each test (the process killed, the cgroups rmdir'ed). Runs on v1 hosts (this one is hybrid).
 */
@EnabledIf("rootOnV1")
class CgroupsLiveTest {
  private static final long MIB = 1024 * 1024;
  private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "blkio");

  private final List<Path> created = new ArrayList<>();
  private Process sleeper;

  static boolean rootOnV1() throws IOException {
    return Linux.isRoot() && Files.isDirectory(Path.of("/sys/fs/cgroup"))
        && CgroupLayouts.detect(Files.readString(Path.of("/proc/self/mountinfo"))) != CgroupLayout.UNIFIED;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (sleeper != null) {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
    for (Path d : created.reversed()) {
      // rmdir fails with EBUSY for a moment after the last task exited: retry briefly
      for (int i = 0; i < 50 && Files.exists(d); i++) {
        try {
          Files.delete(d);
        } catch (IOException busy) {
          Thread.sleep(20);
        }
      }
      assertThat(d).doesNotExist();
    }
  }

  @Test
  void this_host_is_hybrid_with_swap_accounting_and_no_blkio_weight() {
    assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/unified")), "not the hybrid development host");
    CgroupManager m = Cgroups.forHost();
    assertThat(m).isInstanceOf(CgroupV1Manager.class);
    assertThat(m.layout()).isEqualTo(CgroupLayout.HYBRID);
    CgroupFeatures f = m.features();
    assertThat(f.memoryLimit()).isTrue();
    assertThat(f.swapLimit()).isTrue();
    assertThat(f.blkioWeight()).isFalse();
    assertThat(f.blkioReadBps()).isTrue();
    assertThat(f.pidsLimit()).isTrue();
    assertThat(f.cpuCfs()).isTrue();
    assertThat(f.cpusetCpus()).startsWith("0");
    assertThat(f.cgroupNamespaces()).isTrue();
  }

  @Test
  void stats_update_and_pids_of_a_real_cgroup() throws Exception {
    CgroupManager m = Cgroups.forHost();
    String path = "/berth-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Map<String, Path> mounts = CgroupLayouts.v1Controllers(Files.readString(Path.of("/proc/self/mountinfo")));
    StringBuilder join = new StringBuilder();
    for (String c : CONTROLLERS) {
      Path d = mounts.get(c).resolve(path.substring(1));
      if (created.contains(d)) continue; // co-mounted cpu,cpuacct
      Files.createDirectory(d);
      created.add(d);
      join.append("echo $$ > ").append(d.resolve("cgroup.procs")).append("; ");
    }
    // The shell joins the cgroups, then execs sleep: v1 charges memory to the cgroup a page was
    // first touched in, so the new image's pages are counted here.
    sleeper = new ProcessBuilder("sh", "-c", join + "exec sleep 60").redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!m.pids(path).contains((int) sleeper.pid()) && System.nanoTime() < deadline) Thread.sleep(10);
    Thread.sleep(100); // let exec finish charging

    assertThat(m.pids(path)).containsExactly((int) sleeper.pid());
    CgroupStats s = m.stats(path);
    assertThat(s.pids()).isEqualTo(new CgroupStats.Pids(1, 0));
    assertThat(s.memory().usage()).isPositive();
    assertThat(s.memory().limit()).isEqualTo(new ProcFacts(Path.of("/proc")).memTotal());
    assertThat(s.memory().stats()).containsKey("total_inactive_file");
    assertThat(s.cpu().totalNanos()).isPositive();
    assertThat(s.cpu().perCpuNanos()).hasSize(Runtime.getRuntime().availableProcessors());

    m.update(path, CgroupLimits.none().withPidsLimit(3).withMemory(64 * MIB));
    s = m.stats(path);
    assertThat(s.pids().limit()).isEqualTo(3);
    assertThat(s.memory().limit()).isEqualTo(64 * MIB);

    // the kernel keeps memory <= memory+swap: raising both needs memsw first, lowering memory first
    m.update(path, CgroupLimits.none().withMemory(32 * MIB).withMemorySwap(64 * MIB));
    m.update(path, CgroupLimits.none().withMemory(128 * MIB).withMemorySwap(256 * MIB));
    assertThat(m.stats(path).memory().limit()).isEqualTo(128 * MIB);
    m.update(path, CgroupLimits.none().withMemory(16 * MIB).withMemorySwap(32 * MIB));
    assertThat(m.stats(path).memory().limit()).isEqualTo(16 * MIB);
    assertThatThrownBy(() -> m.update(path, CgroupLimits.none().withMemory(48 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageStartingWith("Memory limit should be smaller");

    if (Files.readAllLines(Path.of("/proc/swaps")).size() <= 1) {
      // no swap: the anonymous pages of sleep cannot be reclaimed, so one page is below usage (EBUSY)
      assertThatThrownBy(() -> m.update(path, CgroupLimits.none().withMemory(4096)))
          .isInstanceOf(BerthException.InvalidArgument.class).hasMessageStartingWith("unable to set memory limit to 4096");
    }
    m.update(path, CgroupLimits.none().withMemory(-1).withPidsLimit(0));
    s = m.stats(path);
    assertThat(s.memory().limit()).isEqualTo(new ProcFacts(Path.of("/proc")).memTotal());
    assertThat(s.pids().limit()).isZero();

    sleeper.destroyForcibly();
    sleeper.waitFor(10, TimeUnit.SECONDS);
    assertThat(m.pids(path)).isEmpty();
  }

  @Test
  void a_cgroup_that_does_not_exist_is_not_found() {
    assertThatThrownBy(() -> Cgroups.forHost().stats("/berth-test-none-" + ProcessHandle.current().pid()))
        .isInstanceOf(BerthException.NotFound.class);
  }
}
