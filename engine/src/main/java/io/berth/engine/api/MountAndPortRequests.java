package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.BindMount;
import io.berth.engine.container.ContainerMounts;
import io.berth.engine.container.MountRequest;
import io.berth.engine.container.StorageOptions;
import io.berth.engine.container.TmpfsMount;
import io.berth.engine.container.VolumeMount;
import io.berth.engine.container.PortConfig;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mount and port parts of a create request: {@code HostConfig.Binds}, {@code HostConfig.Mounts},
 * {@code HostConfig.Tmpfs}, {@code HostConfig.VolumesFrom}, {@code Config.Volumes},
 * {@code Config.ExposedPorts}, {@code HostConfig.PortBindings} and {@code HostConfig.PublishAllPorts},
 * validated with Docker's messages. (Kept apart from {@link CreateRequests} to keep that one small.)
 */
final class MountAndPortRequests {
  private MountAndPortRequests() {}

  /** {@code Binds}, each checked now (Docker refuses a bad spec at create). */
  static List<String> binds(JsonNode host) {
    List<String> binds = CreateRequests.strings(host.get("Binds")).orElse(List.of());
    for (String b : binds) BindMount.parseBind(b);
    return binds;
  }

  /** {@code Mounts} of type bind ({@link #mounts}); the other types go to {@link #storage}. */
  static List<BindMount> mounts(JsonNode host) {
    List<BindMount> out = new ArrayList<>();
    for (MountRequest m : mountEntries(host)) if (m instanceof BindMount b) out.add(b);
    return out;
  }

  /**
   * {@code Mounts} of type volume and tmpfs, {@code Tmpfs}, {@code VolumesFrom}, {@code VolumeDriver}
   * and {@code Config.Volumes}.
   */
  static StorageOptions storage(JsonNode config, JsonNode host) {
    List<VolumeMount> volumes = new ArrayList<>();
    List<TmpfsMount> tmpfs = new ArrayList<>();
    JsonNode t = host.get("Tmpfs");
    if (t != null && t.isObject()) {
      for (var e : t.properties()) tmpfs.add(MountEntries.tmpfs(e.getKey(), e.getValue().asText("")));
    } else if (t != null && !t.isNull()) {
      throw BerthException.invalid("invalid JSON: HostConfig.Tmpfs must be an object");
    }
    for (MountRequest m : mountEntries(host)) {
      if (m instanceof VolumeMount v) volumes.add(v);
      if (m instanceof TmpfsMount tm) tmpfs.add(tm);
    }
    List<String> from = CreateRequests.strings(host.get("VolumesFrom")).orElse(List.of());
    for (String f : from) ContainerMounts.VolumesFrom.parse(f);
    List<String> configVolumes = new ArrayList<>();
    JsonNode cv = config.get("Volumes");
    if (cv != null && cv.isObject()) {
      for (var e : cv.properties()) {
        String problem = VolumeMount.targetProblem(e.getKey());
        if (problem != null) {
          throw BerthException.invalid("invalid volume specification: '%s': invalid mount config for type \"volume\": %s",
              e.getKey(), problem);
        }
        configVolumes.add(e.getKey());
      }
    }
    return new StorageOptions(volumes, tmpfs, from, configVolumes, host.path("VolumeDriver").asText(""), List.of());
  }

  private static List<MountRequest> mountEntries(JsonNode host) {
    JsonNode mounts = host.get("Mounts");
    if (mounts == null || mounts.isNull()) return List.of();
    if (!mounts.isArray()) throw BerthException.invalid("invalid JSON: HostConfig.Mounts must be a list");
    List<MountRequest> out = new ArrayList<>();
    for (JsonNode m : mounts) out.add(MountEntries.parse(m));
    return out;
  }

  /** Docker refuses two mounts at one destination ({@code Duplicate mount point: /data}). */
  static void checkDuplicates(List<MountRequest> all) {
    Set<String> seen = new HashSet<>();
    for (MountRequest b : all) {
      if (!seen.add(b.destination())) throw BerthException.invalid("Duplicate mount point: %s", b.destination());
    }
  }

  /** {@code ExposedPorts} (an object whose keys are ports), {@code PortBindings} and {@code PublishAllPorts}. */
  static PortConfig ports(JsonNode config, JsonNode host) {
    List<String> exposed = new ArrayList<>();
    JsonNode e = config.get("ExposedPorts");
    if (e != null && e.isObject()) e.properties().forEach(p -> exposed.add(p.getKey()));
    Map<String, List<PortConfig.Binding>> bindings = new LinkedHashMap<>();
    JsonNode pb = host.get("PortBindings");
    if (pb != null && pb.isObject()) {
      pb.properties().forEach(p -> {
        List<PortConfig.Binding> list = new ArrayList<>();
        if (p.getValue().isArray()) {
          for (JsonNode b : p.getValue()) list.add(new PortConfig.Binding(text(b, "HostIp"), text(b, "HostPort")));
        }
        bindings.put(p.getKey(), list);
      });
    }
    return PortConfig.of(exposed, bindings, host.path("PublishAllPorts").asBoolean(false));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
