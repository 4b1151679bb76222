package io.berth.engine.api;

import com.fasterxml.jackson.databind.node.NullNode;
import io.berth.engine.container.BindMount;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerMounts;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.MountPoint;
import io.berth.engine.container.PortConfig;
import io.berth.engine.container.TmpfsMount;
import io.berth.engine.container.VolumeMount;
import io.berth.engine.network.PortMapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire forms of a container's ports and bind mounts, for {@link ContainerJson}: Docker's
 * {@code ExposedPorts}, {@code PortBindings}, {@code NetworkSettings.Ports}, {@code PortSummary},
 * {@code MountPoint}, {@code HostConfig.Mounts}, {@code HostConfig.Tmpfs} and {@code Config.Volumes}. Maps keyed by port are sorted, as Go writes them.
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
    List<MountPoint> points = new ArrayList<>(ContainerMounts.of(o));
    points.sort(Comparator.comparing(MountPoint::destination));
    List<Map<String, Object>> out = new ArrayList<>();
    for (MountPoint p : points) {
      if (!p.inMounts()) continue;
      Map<String, Object> m = Docs.obj("Type", p.typeName());
      if (p.type() == MountPoint.Type.VOLUME) m.put("Name", p.name());
      m.put("Source", p.source());
      m.put("Destination", p.destination());
      if (p.type() == MountPoint.Type.VOLUME) m.put("Driver", p.driver());
      m.put("Mode", p.mode());
      m.put("RW", !p.readOnly());
      m.put("Propagation", p.propagation());
      out.add(m);
    }
    return out;
  }

  /** {@code HostConfig.Mounts} as given (Docker's {@code mount.Mount}), or null when there are none. */
  static List<Map<String, Object>> hostMounts(HostOptions o) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (BindMount b : o.mounts()) {
      Map<String, Object> m = Docs.obj("Type", "bind", "Source", b.source(), "Target", b.destination());
      if (b.readOnly()) m.put("ReadOnly", true);
      m.put("BindOptions", b.createSource() ? Docs.obj("Propagation", b.propagation(), "CreateMountpoint", true)
          : Docs.obj("Propagation", b.propagation()));
      out.add(m);
    }
    for (VolumeMount v : o.storage().volumeMounts()) {
      Map<String, Object> m = Docs.obj("Type", "volume", "Source", v.name(), "Target", v.destination());
      if (v.readOnly()) m.put("ReadOnly", true);
      Map<String, Object> vo = new LinkedHashMap<>();
      if (v.noCopy()) vo.put("NoCopy", true);
      if (!v.labels().isEmpty()) vo.put("Labels", v.labels());
      if (!v.driver().isEmpty() || !v.driverOptions().isEmpty()) {
        vo.put("DriverConfig", Docs.obj("Name", v.driver(), "Options", v.driverOptions()));
      }
      if (!vo.isEmpty()) m.put("VolumeOptions", vo);
      out.add(m);
    }
    for (TmpfsMount t : o.storage().tmpfsFromMounts()) {
      Map<String, Object> m = Docs.obj("Type", "tmpfs", "Target", t.destination());
      if (t.readOnly()) m.put("ReadOnly", true);
      Map<String, Object> to = new LinkedHashMap<>();
      for (String kv : t.data().split(",")) {
        if (kv.startsWith("size=")) to.put("SizeBytes", sizeBytes(kv.substring(5)));
        if (kv.startsWith("mode=")) to.put("Mode", Integer.parseInt(kv.substring(5), 8));
      }
      if (!to.isEmpty()) m.put("TmpfsOptions", to);
      out.add(m);
    }
    return out.isEmpty() ? null : out;
  }

  /** Back from {@link MountEntries#data}'s {@code size=}: a number with an optional k, m or g. */
  private static long sizeBytes(String v) {
    char last = v.charAt(v.length() - 1);
    long unit = switch (last) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
  }

  /** {@code Config.Volumes}: the anonymous volume paths asked for and the image's, or null. */
  static Map<String, Object> configVolumes(HostOptions o) {
    if (o.storage().configVolumes().isEmpty()) return null;
    Map<String, Object> out = new LinkedHashMap<>();
    for (String v : o.storage().configVolumes()) out.put(v, Map.of());
    return out;
  }

  /** {@code HostConfig.Tmpfs}: the {@code --tmpfs} entries, or null. */
  static Map<String, String> tmpfs(HostOptions o) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TmpfsMount t : o.storage().tmpfs()) if (!t.fromMounts()) out.put(t.destination(), t.data());
    return out.isEmpty() ? null : out;
  }
}
