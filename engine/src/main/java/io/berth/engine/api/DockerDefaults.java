package io.berth.engine.api;

import io.berth.engine.container.spec.LinuxDefaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys docker's inspect documents always carry, in docker's order (moby v26+ struct order),
 * with the values docker shows for what berth does not configure. Builders put what they know;
 * {@link #hostConfig} and {@link #networkSettings} add the rest and order the whole, so tools that
 * read e.g. {@code HostConfig.IpcMode} or {@code NetworkSettings.IPAddress} find them.
 */
final class DockerDefaults {
  private DockerDefaults() {}

  /** HostConfig keys in docker's order; values are docker's defaults for a container created by the docker CLI. */
  private static final Map<String, Object> HOST_CONFIG = new LinkedHashMap<>();

  static {
    Map<String, Object> h = HOST_CONFIG;
    h.put("Binds", null);
    h.put("ContainerIDFile", "");
    h.put("LogConfig", null);
    h.put("NetworkMode", "none");
    h.put("PortBindings", Map.of());
    h.put("RestartPolicy", null);
    h.put("AutoRemove", false);
    h.put("VolumeDriver", "");
    h.put("VolumesFrom", null);
    h.put("ConsoleSize", List.of(0, 0));
    h.put("Annotations", null);
    h.put("CapAdd", null);
    h.put("CapDrop", null);
    // overwritten by the container's own mode (ResourceJson); docker's default on v1 hosts
    h.put("CgroupnsMode", "host");
    h.put("Dns", List.of());
    h.put("DnsOptions", List.of());
    h.put("DnsSearch", List.of());
    h.put("ExtraHosts", null);
    h.put("GroupAdd", null);
    h.put("IpcMode", "private");
    h.put("Cgroup", "");
    h.put("Links", null);
    h.put("OomScoreAdj", 0);
    h.put("PidMode", "");
    h.put("Privileged", false);
    h.put("PublishAllPorts", false);
    h.put("ReadonlyRootfs", false);
    h.put("SecurityOpt", null);
    h.put("StorageOpt", null);
    h.put("Tmpfs", null);
    h.put("UTSMode", "");
    h.put("UsernsMode", "");
    h.put("ShmSize", 67108864);
    h.put("Sysctls", null);
    h.put("Runtime", "runc");
    h.put("Isolation", "");
    h.put("CpuShares", 0);
    h.put("Memory", 0);
    h.put("NanoCpus", 0);
    h.put("CgroupParent", "");
    h.put("BlkioWeight", 0);
    h.put("BlkioWeightDevice", List.of());
    h.put("BlkioDeviceReadBps", List.of());
    h.put("BlkioDeviceWriteBps", List.of());
    h.put("BlkioDeviceReadIOps", List.of());
    h.put("BlkioDeviceWriteIOps", List.of());
    h.put("CpuPeriod", 0);
    h.put("CpuQuota", 0);
    h.put("CpuRealtimePeriod", 0);
    h.put("CpuRealtimeRuntime", 0);
    h.put("CpusetCpus", "");
    h.put("CpusetMems", "");
    h.put("Devices", List.of());
    h.put("DeviceCgroupRules", null);
    h.put("DeviceRequests", null);
    h.put("MemoryReservation", 0);
    h.put("MemorySwap", 0);
    h.put("MemorySwappiness", null);
    h.put("OomKillDisable", false);
    h.put("PidsLimit", null);
    h.put("Ulimits", List.of());
    h.put("CpuCount", 0);
    h.put("CpuPercent", 0);
    h.put("IOMaximumIOps", 0);
    h.put("IOMaximumBandwidth", 0);
    h.put("Mounts", null);
    h.put("MaskedPaths", null);
    h.put("ReadonlyPaths", null);
    h.put("Init", null);
  }

  /** Keys docker omits when empty ({@code omitempty}). */
  private static final List<String> HOST_OMIT_EMPTY = List.of("Annotations", "StorageOpt", "Tmpfs", "Sysctls", "Mounts", "Init");

  /**
   * {@code known} (what the container's configuration says) completed with docker's defaults, in
   * docker's order; keys docker does not know go last. Masked and read-only paths are docker's
   * defaults unless the container is privileged (then null, as docker shows).
   */
  static Map<String, Object> hostConfig(Map<String, Object> known) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean privileged = Boolean.TRUE.equals(known.get("Privileged"));
    for (Map.Entry<String, Object> e : HOST_CONFIG.entrySet()) {
      String k = e.getKey();
      if (known.containsKey(k)) {
        if (!(HOST_OMIT_EMPTY.contains(k) && isEmpty(known.get(k)))) out.put(k, known.get(k));
      } else if (k.equals("MaskedPaths") || k.equals("ReadonlyPaths")) {
        out.put(k, privileged ? null : new ArrayList<>(k.equals("MaskedPaths") ? LinuxDefaults.MASKED_PATHS : LinuxDefaults.READONLY_PATHS));
      } else if (!HOST_OMIT_EMPTY.contains(k)) {
        out.put(k, e.getValue());
      }
    }
    known.forEach((k, v) -> {
      if (!HOST_CONFIG.containsKey(k)) out.putIfAbsent(k, v);
    });
    return out;
  }

  private static boolean isEmpty(Object v) {
    return v == null || v instanceof java.util.Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty();
  }

  /** NetworkSettings of a container without an endpoint of its own: docker's empty values. */
  static Map<String, Object> networkSettings(Map<String, Object> known) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Bridge", "");
    d.put("SandboxID", "");
    d.put("SandboxKey", "");
    d.put("Ports", Map.of());
    d.put("HairpinMode", false);
    d.put("LinkLocalIPv6Address", "");
    d.put("LinkLocalIPv6PrefixLen", 0);
    d.put("SecondaryIPAddresses", null);
    d.put("SecondaryIPv6Addresses", null);
    d.put("EndpointID", "");
    d.put("Gateway", "");
    d.put("GlobalIPv6Address", "");
    d.put("GlobalIPv6PrefixLen", 0);
    d.put("IPAddress", "");
    d.put("IPPrefixLen", 0);
    d.put("IPv6Gateway", "");
    d.put("MacAddress", "");
    d.put("Networks", Map.of());
    Map<String, Object> out = new LinkedHashMap<>();
    d.forEach((k, v) -> out.put(k, known.containsKey(k) ? known.get(k) : v));
    known.forEach(out::putIfAbsent);
    return out;
  }
}
