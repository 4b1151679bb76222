package io.berth.client.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One host binding of a container port (swagger {@code PortBinding}): empty strings mean any. */
public record PortBinding(String hostIp, String hostPort) {
  public PortBinding {
    hostIp = Zero.str(hostIp);
    hostPort = Zero.str(hostPort);
  }

  /** {@code {"8080/tcp": [{"HostIp": "", "HostPort": "80"}]}} read from a tree; null lists read as empty. */
  static Map<String, List<PortBinding>> mapFromTree(Map<String, Object> tree) {
    var out = new LinkedHashMap<String, List<PortBinding>>();
    tree.forEach((port, value) -> {
      var list = new java.util.ArrayList<PortBinding>();
      if (value instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof Map<?, ?> m) {
            list.add(new PortBinding(m.get("HostIp") instanceof String s ? s : "",
                m.get("HostPort") instanceof String s ? s : ""));
          }
        }
      }
      out.put(port, List.copyOf(list));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  Map<String, Object> toJson() {
    return Wire.obj().put("HostIp", hostIp).put("HostPort", hostPort).build();
  }
}
