package io.berth.engine.api;

import io.berth.engine.container.ResourceLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resource fields of inspect's {@code HostConfig}, as dockerd fills them. */
final class ResourceJson {
  private ResourceJson() {}

  static void put(Map<String, Object> host, ResourceLimits r) {
    host.put("CgroupnsMode", r.cgroupnsMode().isEmpty() ? "host" : r.cgroupnsMode());
    host.put("OomScoreAdj", r.oomScoreAdj());
    host.put("ShmSize", r.effectiveShmSize());
    host.put("CpuShares", r.cpuShares());
    host.put("Memory", r.memory());
    host.put("NanoCpus", r.nanoCpus());
    host.put("CgroupParent", r.cgroupParent());
    host.put("BlkioWeight", r.blkioWeight());
    host.put("BlkioWeightDevice", each(r.blkioWeightDevice(), d -> Docs.obj("Path", d.path(), "Weight", d.weight())));
    host.put("BlkioDeviceReadBps", throttles(r.blkioDeviceReadBps()));
    host.put("BlkioDeviceWriteBps", throttles(r.blkioDeviceWriteBps()));
    host.put("BlkioDeviceReadIOps", throttles(r.blkioDeviceReadIOps()));
    host.put("BlkioDeviceWriteIOps", throttles(r.blkioDeviceWriteIOps()));
    host.put("CpuPeriod", r.cpuPeriod());
    host.put("CpuQuota", r.cpuQuota());
    host.put("CpusetCpus", r.cpusetCpus());
    host.put("CpusetMems", r.cpusetMems());
    host.put("Devices", each(r.devices(), d -> Docs.obj("PathOnHost", d.pathOnHost(),
        "PathInContainer", d.pathInContainer(), "CgroupPermissions", d.cgroupPermissions())));
    host.put("DeviceCgroupRules", r.deviceCgroupRules().isEmpty() ? null : r.deviceCgroupRules());
    host.put("MemoryReservation", r.memoryReservation());
    host.put("MemorySwap", r.memorySwap());
    host.put("MemorySwappiness", r.memorySwappiness().orElse(null));
    host.put("OomKillDisable", r.oomKillDisable().orElse(false));
    host.put("PidsLimit", r.pidsLimit().orElse(null));
    host.put("Ulimits", each(r.ulimits(), u -> Docs.obj("Name", u.name(), "Hard", u.hard(), "Soft", u.soft())));
  }

  private static List<Map<String, Object>> throttles(List<ResourceLimits.ThrottleDevice> l) {
    return each(l, d -> Docs.obj("Path", d.path(), "Rate", d.rate()));
  }

  private static <T> List<Map<String, Object>> each(List<T> l, java.util.function.Function<T, Map<String, Object>> f) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (T t : l) out.add(new LinkedHashMap<>(f.apply(t)));
    return out;
  }
}
