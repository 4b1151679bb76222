package io.berth.engine.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupLayoutsTest {
  /** This development host (Debian 12, kernel 6.18): v1 controllers, a controller-less cgroup2 at unified. */
  static final String HYBRID = """
      21 26 0:20 / /proc rw,relatime - proc proc rw
      22 26 0:21 / /sys rw,relatime - sysfs sysfs rw
      23 26 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
      26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
      30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
      32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
      33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
      34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
      36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
      37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
      38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
      39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
      40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      41 23 0:6 /null /dev/null rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
      """;

  /** A stock Debian 12 host with systemd: one cgroup2 hierarchy. */
  static final String UNIFIED = """
      22 27 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
      23 27 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
      24 27 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=4012560k,nr_inodes=1003140,mode=755,inode64
      26 27 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=807052k,mode=755,inode64
      27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
      28 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw
      31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
      32 22 0:28 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw
      33 22 0:29 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:11 - bpf bpf rw,mode=700
      """;

  /** CentOS 7 (systemd 219): v1 only, cpu and cpuacct co-mounted, a read-only tmpfs above them. */
  static final String LEGACY = """
      18 61 0:17 / /sys rw,nosuid,nodev,noexec,relatime shared:6 - sysfs sysfs rw
      19 61 0:3 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw
      24 18 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755
      25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
      28 24 0:24 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,net_prio,net_cls
      29 24 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpuacct,cpu
      30 24 0:26 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
      31 24 0:27 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,blkio
      32 24 0:28 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,pids
      33 24 0:29 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpuset
      34 24 0:30 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,devices
      35 24 0:31 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,freezer
      36 24 0:32 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,hugetlb
      61 1 253:0 / / rw,relatime shared:1 - xfs /dev/mapper/centos-root rw,attr2,inode64,noquota
      """;

  @Test
  void detects_the_three_layouts() {
    assertThat(CgroupLayouts.detect(HYBRID)).isEqualTo(CgroupLayout.HYBRID);
    assertThat(CgroupLayouts.detect(UNIFIED)).isEqualTo(CgroupLayout.UNIFIED);
    assertThat(CgroupLayouts.detect(LEGACY)).isEqualTo(CgroupLayout.LEGACY);
  }

  @Test
  void no_cgroup_mount_at_all_is_legacy() {
    assertThat(CgroupLayouts.detect("")).isEqualTo(CgroupLayout.LEGACY);
  }

  @Test
  void a_cgroup2_mount_stacked_on_top_counts() {
    String stacked = LEGACY + "90 24 0:40 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n";
    assertThat(CgroupLayouts.detect(stacked)).isEqualTo(CgroupLayout.UNIFIED);
  }

  @Test
  void v1_controllers_map_to_their_hierarchies() {
    var hybrid = CgroupLayouts.v1Controllers(HYBRID);
    assertThat(hybrid).containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu"))
        .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct"))
        .containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
        .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"))
        .doesNotContainKey("name=systemd").hasSize(8);
    var legacy = CgroupLayouts.v1Controllers(LEGACY);
    assertThat(legacy.get("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct")).isEqualTo(legacy.get("cpuacct"));
    assertThat(legacy.get("net_cls")).isEqualTo(Path.of("/sys/fs/cgroup/net_cls,net_prio"));
    assertThat(CgroupLayouts.v1Controllers(UNIFIED)).isEmpty();
  }

  @Test
  void the_cgroup2_mount_point() {
    assertThat(CgroupLayouts.v2Mount(UNIFIED)).contains(Path.of("/sys/fs/cgroup"));
    assertThat(CgroupLayouts.v2Mount(HYBRID)).contains(Path.of("/sys/fs/cgroup/unified"));
    assertThat(CgroupLayouts.v2Mount(LEGACY)).isEmpty();
  }

  @Test
  void escaped_mount_points_are_decoded() {
    var m = CgroupLayouts.parse("50 30 0:40 / /mnt/with\\040space rw - cgroup cgroup rw,memory\n");
    assertThat(m.getFirst().mountPoint()).isEqualTo(Path.of("/mnt/with space"));
  }

  @Test
  void the_manager_follows_the_layout() {
    assertThat(Cgroups.forMountinfo(HYBRID, Path.of("/proc"))).isInstanceOf(CgroupV1Manager.class)
        .extracting(CgroupManager::layout).isEqualTo(CgroupLayout.HYBRID);
    assertThat(Cgroups.forMountinfo(LEGACY, Path.of("/proc")).layout()).isEqualTo(CgroupLayout.LEGACY);
    assertThat(Cgroups.forMountinfo(UNIFIED, Path.of("/proc"))).isInstanceOf(CgroupV2Manager.class);
  }
}
