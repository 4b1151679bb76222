package io.berth.engine.cgroups;

import java.util.List;

/** Drives one host's cgroups. {@code path} is the container's cgroupsPath as given to runc ("/berth/<id>"). */
public interface CgroupManager {
  CgroupLayout layout();
  CgroupFeatures features();
  CgroupStats stats(String path);
  void update(String path, CgroupLimits limits);
  List<Integer> pids(String path);
}
