package io.berth.engine.cgroups;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the host's {@link CgroupManager}. */
public final class Cgroups {
  private Cgroups() {}

  /**
   * The manager for this host, from {@code /proc/self/mountinfo}: v2 on a unified host, v1 on
   * legacy and hybrid ones (the hybrid cgroup2 mount has no controllers; runc limits through v1).
   */
  public static CgroupManager forHost() {
    String mountinfo;
    try {
      mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
    } catch (IOException e) {
      throw BerthException.internal("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
    }
    return forMountinfo(mountinfo, Path.of("/proc"));
  }

  /** The manager for the mounts described by {@code mountinfo}, reading /proc facts below {@code proc}. */
  public static CgroupManager forMountinfo(String mountinfo, Path proc) {
    CgroupLayout layout = CgroupLayouts.detect(mountinfo);
    if (layout == CgroupLayout.UNIFIED) {
      return new CgroupV2Manager(CgroupLayouts.v2Mount(mountinfo).orElse(CgroupLayouts.CGROUP_ROOT), proc);
    }
    return new CgroupV1Manager(layout, CgroupLayouts.v1Controllers(mountinfo), proc);
  }
}
