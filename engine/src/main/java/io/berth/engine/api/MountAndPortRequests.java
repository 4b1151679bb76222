package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.BindMount;
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

  /** {@code Mounts} of type bind; other types are refused until Berth has volumes and tmpfs mounts. */
  static List<BindMount> mounts(JsonNode host) {
    JsonNode mounts = host.get("Mounts");
    if (mounts == null || mounts.isNull()) return List.of();
    if (!mounts.isArray()) throw BerthException.invalid("invalid JSON: HostConfig.Mounts must be a list");
    List<BindMount> out = new ArrayList<>();
    for (JsonNode m : mounts) {
      String type = m.path("Type").asText("");
      if (!type.equals("bind")) {
        if (type.equals("volume") || type.equals("tmpfs") || type.equals("image") || type.equals("npipe")
            || type.equals("cluster")) {
          throw BerthException.invalid("mount type %s is not supported yet", type);
        }
        throw BerthException.invalid("invalid mount config for type \"%s\": mount type unknown", type);
      }
      JsonNode opts = m.path("BindOptions");
      out.add(BindMount.ofMount(m.path("Source").asText(""), m.path("Target").asText(""),
          m.path("ReadOnly").asBoolean(false), opts.path("Propagation").asText(""),
          opts.path("CreateMountpoint").asBoolean(false)));
    }
    return out;
  }

  /** Docker refuses two mounts at one destination ({@code Duplicate mount point: /data}). */
  static void checkDuplicates(List<BindMount> all) {
    Set<String> seen = new HashSet<>();
    for (BindMount b : all) {
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
