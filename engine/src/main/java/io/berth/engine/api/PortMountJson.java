package io.berth.engine.api;

import com.fasterxml.jackson.databind.node.NullNode;
import io.berth.engine.container.BindMount;
import io.berth.engine.container.Container;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.PortConfig;
import io.berth.engine.network.PortMapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire forms of a container's ports and bind mounts, for {@link ContainerJson}: Docker's
 * {@code ExposedPorts}, {@code PortBindings}, {@code NetworkSettings.Ports}, {@code PortSummary},
 * {@code MountPoint} and {@code HostConfig.Mounts}. Maps keyed by port are sorted, as Go writes them.
 */
final class PortMountJson {
  private PortMountJson() {}

  /** {@code {"8080/tcp": {}}}, or null when nothing is exposed (Docker omits the field). */
  static Map<String, Object> exposedPorts(PortConfig p) {
    if (p.exposed().isEmpty()) return null;
    Map<String, Object> m = new TreeMap<>();
    for (String k : p.exposed()) m.put(k, Docs.obj());
    return m;
  }

  /** {@code {"8080/tcp": [{"HostIp": "", "HostPort": ""}]}} as the user asked. */
  static Map<String, Object> portBindings(PortConfig p) {
    Map<String, Object> m = new TreeMap<>();
    p.bindings().forEach((k, list) -> m.put(k,
        list.stream().map(b -> Docs.obj("HostIp", b.hostIp(), "HostPort", b.hostPort())).toList()));
    return m;
  }

  /**
   * {@code NetworkSettings.Ports} of a running container: every exposed port, with its bindings or
   * null when it is not published; {@code {}} when the container does not run (Docker drops them).
   */
  static Map<String, Object> networkPorts(Container c, List<PortMapping> published) {
    Map<String, Object> m = new TreeMap<>();
    if (!c.state().running()) return m;
    // A JSON null, which the API writer keeps (it drops Java nulls).
    for (String k : c.config().host().ports().exposed()) m.put(k, NullNode.getInstance());
    for (PortMapping pm : published) {
      if (!(m.get(pm.containerPort()) instanceof List<?>)) m.put(pm.containerPort(), new ArrayList<Object>());
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) m.get(pm.containerPort());
      list.add(Docs.obj("HostIp", pm.hostIp(), "HostPort", Integer.toString(pm.hostPort())));
    }
    return m;
  }

  /** {@code GET /containers/json}'s {@code Ports}: published ports, then exposed ones not published. */
  static List<Map<String, Object>> summaryPorts(Container c, List<PortMapping> published) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!c.state().running()) return out;
    for (PortMapping pm : published) {
      out.add(Docs.obj("IP", pm.hostIp(), "PrivatePort", pm.privatePort(), "PublicPort", pm.hostPort(),
          "Type", pm.protocol()));
    }
    for (String k : c.config().host().ports().exposed()) {
      if (published.stream().anyMatch(pm -> pm.containerPort().equals(k))) continue;
      PortConfig.Port p = PortConfig.Port.parse(k);
      out.add(Docs.obj("PrivatePort", p.number(), "Type", p.protocol()));
    }
    return out;
  }

  /** The inspect document's {@code Mounts} (Docker's {@code MountPoint}s), by destination. */
  static List<Map<String, Object>> mountPoints(HostOptions o) {
    List<BindMount> binds = new ArrayList<>(o.bindMounts());
    binds.sort(Comparator.comparing(BindMount::destination));
    List<Map<String, Object>> out = new ArrayList<>();
    for (BindMount b : binds) {
      out.add(Docs.obj("Type", "bind", "Source", b.source(), "Destination", b.destination(), "Mode", b.mode(),
          "RW", !b.readOnly(), "Propagation", b.propagation()));
    }
    return out;
  }

  /** {@code HostConfig.Mounts} as given (Docker's {@code mount.Mount}), or null when there are none. */
  static List<Map<String, Object>> hostMounts(HostOptions o) {
    if (o.mounts().isEmpty()) return null;
    List<Map<String, Object>> out = new ArrayList<>();
    for (BindMount b : o.mounts()) {
      Map<String, Object> m = Docs.obj("Type", "bind", "Source", b.source(), "Target", b.destination());
      if (b.readOnly()) m.put("ReadOnly", true);
      m.put("BindOptions", b.createSource() ? Docs.obj("Propagation", b.propagation(), "CreateMountpoint", true)
          : Docs.obj("Propagation", b.propagation()));
      out.add(m);
    }
    return out;
  }
}
