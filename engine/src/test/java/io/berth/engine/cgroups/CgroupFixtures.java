package io.berth.engine.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Temp-dir trees shaped like the kernel's cgroup and proc files, with the values this host shows
 * (Debian 12, kernel 6.18, 2 CPUs). Regular files stand in for control files: a write replaces the
 * content, a read returns it.
 */
final class CgroupFixtures {
  static final long MEM_TOTAL = 24683620L * 1024;
  /** What v1 shows for "no limit" on x86-64 (PAGE_COUNTER_MAX pages). */
  static final String V1_UNLIMITED = "9223372036854771712";

  private CgroupFixtures() {}

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A /proc with meminfo, stat and the cgroup namespace link. */
  static Path proc(Path dir) {
    write(dir.resolve("meminfo"), "MemTotal:       24683620 kB\nMemFree:        1000000 kB\n");
    write(dir.resolve("self/ns/cgroup"), "");
    return dir;
  }

  /** v1 hierarchies below {@code dir}, with this host's root files; cpu and cpuacct co-mounted. */
  static Map<String, Path> v1Roots(Path dir) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (String c : List.of("memory", "cpuset", "blkio", "pids", "freezer")) mounts.put(c, dir.resolve(c));
    mounts.put("cpu", dir.resolve("cpu,cpuacct"));
    mounts.put("cpuacct", dir.resolve("cpu,cpuacct"));
    Path mem = mounts.get("memory");
    for (String f : List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes")) {
      write(mem.resolve(f), V1_UNLIMITED);
    }
    write(mem.resolve("memory.swappiness"), "60");
    write(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");
    Path cpu = mounts.get("cpu");
    write(cpu.resolve("cpu.shares"), "1024");
    write(cpu.resolve("cpu.cfs_quota_us"), "-1");
    write(cpu.resolve("cpu.cfs_period_us"), "100000");
    Path cpuset = mounts.get("cpuset");
    write(cpuset.resolve("cpuset.cpus"), "0-1");
    write(cpuset.resolve("cpuset.effective_cpus"), "0-1");
    write(cpuset.resolve("cpuset.mems"), "0");
    write(cpuset.resolve("cpuset.effective_mems"), "0");
    Path blkio = mounts.get("blkio");
    for (String f : List.of("blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
        "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device", "blkio.throttle.io_service_bytes",
        "blkio.throttle.io_serviced", "blkio.bfq.io_service_bytes")) {
      write(blkio.resolve(f), "");
    }
    write(mounts.get("pids").resolve("cgroup.procs"), "1\n");
    return mounts;
  }

  /** The container cgroup {@code path} in every v1 hierarchy, as runc leaves it (no limits, idle). */
  static void v1Cgroup(Map<String, Path> mounts, String path, List<Integer> pids) {
    String rel = path.substring(1);
    String procs = pids.stream().map(String::valueOf).collect(Collectors.joining("\n"));
    for (Path m : mounts.values()) write(m.resolve(rel).resolve("cgroup.procs"), procs);
    Path mem = mounts.get("memory").resolve(rel);
    write(mem.resolve("memory.limit_in_bytes"), V1_UNLIMITED);
    write(mem.resolve("memory.memsw.limit_in_bytes"), V1_UNLIMITED);
    write(mem.resolve("memory.soft_limit_in_bytes"), V1_UNLIMITED);
    write(mem.resolve("memory.usage_in_bytes"), "1867776");
    write(mem.resolve("memory.max_usage_in_bytes"), "2981888");
    write(mem.resolve("memory.failcnt"), "0");
    write(mem.resolve("memory.stat"), """
        cache 4096
        rss 290816
        rss_huge 0
        shmem 0
        mapped_file 0
        dirty 0
        writeback 0
        swap 0
        pgpgin 1419
        pgpgout 1347
        pgfault 2112
        pgmajfault 0
        inactive_anon 282624
        active_anon 4096
        inactive_file 4096
        active_file 0
        unevictable 0
        hierarchical_memory_limit 9223372036854771712
        hierarchical_memsw_limit 9223372036854771712
        total_cache 4096
        total_rss 290816
        total_rss_huge 0
        total_shmem 0
        total_mapped_file 0
        total_dirty 0
        total_writeback 0
        total_swap 0
        total_pgpgin 1419
        total_pgpgout 1347
        total_pgfault 2112
        total_pgmajfault 0
        total_inactive_anon 282624
        total_active_anon 4096
        total_inactive_file 4096
        total_active_file 0
        total_unevictable 0
        """);
    Path cpu = mounts.get("cpu").resolve(rel);
    write(cpu.resolve("cpu.shares"), "1024");
    write(cpu.resolve("cpu.cfs_quota_us"), "-1");
    write(cpu.resolve("cpu.cfs_period_us"), "100000");
    write(cpu.resolve("cpu.stat"), "nr_periods 12\nnr_throttled 3\nthrottled_time 4500000\nnr_bursts 0\nburst_time 0\n");
    write(cpu.resolve("cpuacct.usage"), "31234567");
    write(cpu.resolve("cpuacct.usage_percpu"), "21234567 10000000 \n");
    write(cpu.resolve("cpuacct.stat"), "user 2\nsystem 1\n");
    Path cpuset = mounts.get("cpuset").resolve(rel);
    write(cpuset.resolve("cpuset.cpus"), "0-1");
    write(cpuset.resolve("cpuset.mems"), "0");
    Path blkio = mounts.get("blkio").resolve(rel);
    write(blkio.resolve("blkio.throttle.io_service_bytes_recursive"),
        "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 12288\nTotal 12288\n");
    write(blkio.resolve("blkio.throttle.io_serviced_recursive"),
        "8:0 Read 1\n8:0 Write 2\n8:0 Sync 3\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 3\nTotal 3\n");
    Path pidsDir = mounts.get("pids").resolve(rel);
    write(pidsDir.resolve("pids.current"), String.valueOf(pids.size()));
    write(pidsDir.resolve("pids.max"), "max");
  }

  /** A unified root below {@code dir} as on a Debian 12 host. */
  static Path v2Root(Path dir) {
    write(dir.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    write(dir.resolve("cgroup.subtree_control"), "cpuset cpu io memory pids\n");
    write(dir.resolve("cpuset.cpus.effective"), "0-1\n");
    write(dir.resolve("cpuset.mems.effective"), "0\n");
    write(dir.resolve("cgroup.procs"), "1\n");
    write(dir.resolve("memory.stat"), "anon 1\n");
    return dir;
  }

  /** The container cgroup {@code path} below a v2 root, as runc leaves it (no limits, idle). */
  static void v2Cgroup(Path root, String path, List<Integer> pids) {
    Path d = root.resolve(path.substring(1));
    // every non-root cgroup shows the files of the controllers its parent enabled: the /berth parent too
    Path parent = d.getParent();
    write(parent.resolve("memory.max"), "max\n");
    write(parent.resolve("memory.swap.max"), "max\n");
    write(parent.resolve("io.weight"), "default 100\n");
    write(parent.resolve("io.stat"), "");
    write(d.resolve("cgroup.procs"), pids.stream().map(String::valueOf).collect(Collectors.joining("\n")));
    write(d.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    write(d.resolve("cpu.stat"), """
        usage_usec 31234
        user_usec 20000
        system_usec 11234
        core_sched.force_idle_usec 0
        nr_periods 12
        nr_throttled 3
        throttled_usec 4500
        nr_bursts 0
        burst_usec 0
        """);
    write(d.resolve("cpu.max"), "max 100000\n");
    write(d.resolve("cpu.weight"), "100\n");
    write(d.resolve("cpuset.cpus"), "\n");
    write(d.resolve("cpuset.mems"), "\n");
    write(d.resolve("memory.current"), "1867776\n");
    write(d.resolve("memory.peak"), "2981888\n");
    write(d.resolve("memory.max"), "max\n");
    write(d.resolve("memory.low"), "0\n");
    write(d.resolve("memory.swap.max"), "max\n");
    write(d.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 2\noom_kill 1\noom_group_kill 0\n");
    write(d.resolve("memory.stat"), """
        anon 290816
        file 4096
        kernel 98304
        kernel_stack 16384
        pagetables 20480
        sock 0
        shmem 0
        file_mapped 0
        file_dirty 0
        file_writeback 0
        anon_thp 0
        inactive_anon 282624
        active_anon 4096
        inactive_file 4096
        active_file 0
        unevictable 0
        slab_reclaimable 1000
        slab_unreclaimable 2000
        slab 3000
        workingset_refault_anon 0
        workingset_refault_file 0
        pgfault 2112
        pgmajfault 0
        """);
    write(d.resolve("io.stat"), "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
        + "253:1 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
    write(d.resolve("io.weight"), "default 100\n");
    write(d.resolve("pids.current"), String.valueOf(pids.size()));
    write(d.resolve("pids.max"), "max\n");
  }
}
