package io.berth.engine.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the cgroup mounts out of a {@code /proc/<pid>/mountinfo} text (proc(5)): the layout, the
 * v1 hierarchy of each controller, the cgroup2 mount. Filesystem types decide, as youki's
 * {@code statfs} check does, but from mountinfo so that tests can feed any host's text. Stateless.
 */
public final class CgroupLayouts {
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  /** The v1 controllers berthd knows; a named hierarchy ({@code name=systemd}) carries none. */
  private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
      "freezer", "blkio", "pids", "net_cls", "net_prio", "hugetlb", "perf_event", "rdma", "misc");

  private CgroupLayouts() {}

  /** One line of mountinfo: where, what type, and the superblock options (v1 controllers). */
  record Mount(Path mountPoint, String root, String fsType, List<String> superOptions) {}

  /**
   * The layout: cgroup2 at /sys/fs/cgroup is UNIFIED; a tmpfs there with a cgroup2 mount at
   * /sys/fs/cgroup/unified is HYBRID; anything else is LEGACY (v1 hierarchies only). When mounts
   * are stacked on one point the last line, the one on top, counts.
   */
  public static CgroupLayout detect(String mountinfo) {
    Optional<Mount> top = Optional.empty();
    boolean unifiedBelow = false;
    for (Mount m : parse(mountinfo)) {
      if (m.mountPoint().equals(CGROUP_ROOT)) top = Optional.of(m);
      if (m.mountPoint().equals(CGROUP_ROOT.resolve("unified"))) unifiedBelow = m.fsType().equals("cgroup2");
    }
    if (top.isPresent() && top.get().fsType().equals("cgroup2")) return CgroupLayout.UNIFIED;
    return unifiedBelow ? CgroupLayout.HYBRID : CgroupLayout.LEGACY;
  }

  /**
   * Each v1 controller's hierarchy mount point ({@code cpu} and {@code cpuacct} map to the same
   * point when co-mounted, whatever the symlinks in /sys/fs/cgroup are called). The first mount of
   * a controller wins, as runc's FindCgroupMountpoint does.
   */
  public static Map<String, Path> v1Controllers(String mountinfo) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (Mount m : parse(mountinfo)) {
      if (!m.fsType().equals("cgroup")) continue;
      for (String opt : m.superOptions()) {
        if (V1_CONTROLLERS.contains(opt)) out.putIfAbsent(opt, m.mountPoint());
      }
    }
    return out;
  }

  /** The cgroup2 mount point: /sys/fs/cgroup on a unified host, /sys/fs/cgroup/unified on a hybrid one. */
  public static Optional<Path> v2Mount(String mountinfo) {
    Optional<Path> found = Optional.empty();
    for (Mount m : parse(mountinfo)) {
      if (m.fsType().equals("cgroup2") && (found.isEmpty() || m.mountPoint().equals(CGROUP_ROOT))) {
        found = Optional.of(m.mountPoint());
      }
    }
    return found;
  }

  /**
   * The mountinfo lines: {@code id parent maj:min root mountpoint options [optional...] - fstype
   * source superoptions}; octal escapes ({@code \040}) in paths are decoded. Malformed lines are skipped.
   */
  static List<Mount> parse(String mountinfo) {
    List<Mount> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.trim().split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length < 7 || dash < 0 || dash + 1 >= f.length) continue;
      List<String> superOptions = dash + 3 < f.length ? List.of(f[dash + 3].split(",")) : List.of();
      out.add(new Mount(Path.of(unescape(f[4])), unescape(f[3]), f[dash + 1], superOptions));
    }
    return out;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
