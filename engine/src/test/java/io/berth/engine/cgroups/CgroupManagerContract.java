package io.berth.engine.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link CgroupManager} has, whatever the cgroup version: an implementation's
 * test extends this class and builds its fixture tree (a container cgroup at {@link #PATH} with
 * pid 4242 in it, idle, no limits) below {@link #dir}.
 */
abstract class CgroupManagerContract {
  static final String PATH = "/berth/0123abcd";
  static final long MIB = 1024 * 1024;

  @TempDir Path dir;
  CgroupManager manager;

  /** The manager over a fresh fixture below {@code dir} with the cgroup {@link #PATH} holding pid 4242. */
  abstract CgroupManager open(Path dir);

  /** Adds a child cgroup below {@code path} holding {@code pids} (runc never does; a process in the container may). */
  abstract void addChild(String path, String child, List<Integer> pids);

  /** The memory+swap limit now in the files, in Docker's terms (v1 memsw; v2 memory.max + memory.swap.max). */
  abstract long memoryPlusSwap(String path);

  @BeforeEach
  void openManager() {
    manager = open(dir);
  }

  @Test
  void a_missing_cgroup_is_not_found() {
    String gone = "/berth/gone";
    assertThatThrownBy(() -> manager.stats(gone)).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("no such cgroup: /berth/gone");
    assertThatThrownBy(() -> manager.update(gone, CgroupLimits.none().withPidsLimit(5)))
        .isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> manager.pids(gone)).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void a_path_leaving_the_hierarchy_is_invalid() {
    assertThatThrownBy(() -> manager.stats("/berth/../../etc")).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void pids_lists_the_processes_of_the_cgroup_and_its_descendants() {
    addChild(PATH, "sub", List.of(4300, 4301));
    addChild(PATH + "/sub", "deeper", List.of(4400));
    assertThat(manager.pids(PATH)).containsExactlyInAnyOrder(4242, 4300, 4301, 4400);
  }

  @Test
  void stats_read_usage_of_an_idle_cgroup() {
    CgroupStats s = manager.stats(PATH);
    assertThat(s.memory().usage()).isEqualTo(1867776);
    assertThat(s.pids()).isEqualTo(new CgroupStats.Pids(1, 0));
    assertThat(s.cpu().periods()).isEqualTo(12);
    assertThat(s.cpu().throttledPeriods()).isEqualTo(3);
    assertThat(s.cpu().throttledNanos()).isEqualTo(4_500_000);
    assertThat(s.memory().stats()).containsEntry("inactive_file", 4096L);
    assertThat(s.blkio().serviceBytes()).anySatisfy(e -> {
      assertThat(e.op().toLowerCase(Locale.ROOT)).isEqualTo("read");
      assertThat(e.value()).isEqualTo(4096);
      assertThat(List.of(e.major(), e.minor())).containsExactly(8L, 0L);
    });
  }

  @Test
  void a_cgroup_without_memory_limit_reports_the_host_memory() {
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(CgroupFixtures.MEM_TOTAL);
  }

  @Test
  void updated_pids_limit_shows_in_stats_and_zero_lifts_it() {
    manager.update(PATH, CgroupLimits.none().withPidsLimit(5));
    assertThat(manager.stats(PATH).pids().limit()).isEqualTo(5);
    manager.update(PATH, CgroupLimits.none().withPidsLimit(0));
    assertThat(manager.stats(PATH).pids().limit()).isZero();
  }

  @Test
  void updated_memory_limit_shows_in_stats_and_minus_one_lifts_it() {
    manager.update(PATH, CgroupLimits.none().withMemory(64 * MIB));
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(64 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(-1));
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(CgroupFixtures.MEM_TOTAL);
    assertThat(memoryPlusSwap(PATH)).isEqualTo(-1);
  }

  @Test
  void memory_and_swap_set_together_then_memory_alone_keeps_memory_plus_swap() {
    manager.update(PATH, CgroupLimits.none().withMemory(100 * MIB).withMemorySwap(200 * MIB));
    assertThat(memoryPlusSwap(PATH)).isEqualTo(200 * MIB);
    manager.update(PATH, CgroupLimits.none().withMemory(150 * MIB));
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(150 * MIB);
    assertThat(memoryPlusSwap(PATH)).isEqualTo(200 * MIB);
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(250 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
  }

  @Test
  void swap_below_memory_and_swap_without_memory_are_refused_with_dockers_words() {
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(200 * MIB).withMemorySwap(100 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
    assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.none().withMemory(-1).withMemorySwap(100 * MIB)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
  }

  @Test
  void zero_means_not_set() {
    manager.update(PATH, CgroupLimits.none().withMemory(64 * MIB));
    manager.update(PATH, CgroupLimits.none().withMemory(0).withCpuShares(0).withCpuQuota(0));
    assertThat(manager.stats(PATH).memory().limit()).isEqualTo(64 * MIB);
  }
}
