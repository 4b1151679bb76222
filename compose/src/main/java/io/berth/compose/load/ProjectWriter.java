package io.berth.compose.load;

import io.berth.compose.model.Project;
import io.berth.compose.model.Project.FileDef;
import io.berth.compose.model.Project.NetworkDef;
import io.berth.compose.model.Project.VolumeDef;
import io.berth.compose.model.Service;
import io.berth.compose.model.Service.Port;
import io.berth.compose.model.Service.ServiceVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The normalised project as YAML, in the shape {@code docker compose config} prints: {@code name},
 * {@code services} (sorted, keys sorted, long syntaxes), {@code networks}, {@code volumes},
 * {@code secrets}, {@code configs}.
 */
public final class ProjectWriter {
  private static final Pattern SINGLE_QUOTED = Pattern.compile("(?m)^(\\s*(?:- |[^'\"\\s][^:]*: ))'([^'\"\\\\]*)'$");

  private ProjectWriter() {}

  public static String yaml(Project p) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", p.name());
    Map<String, Object> services = new TreeMap<>();
    p.services().forEach((k, s) -> services.put(k, service(s)));
    root.put("services", services);
    if (!p.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      p.networks().forEach((k, n) -> nets.put(k, network(n)));
      root.put("networks", nets);
    }
    if (!p.volumes().isEmpty()) {
      Map<String, Object> vols = new LinkedHashMap<>();
      p.volumes().forEach((k, v) -> vols.put(k, volume(v)));
      root.put("volumes", vols);
    }
    putFiles(root, "secrets", p.secrets());
    putFiles(root, "configs", p.configs());
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setIndicatorIndent(2).setIndentWithIndicator(true).build();
    // The tree is copied so that no value is shared (snakeyaml would print anchors for shared ones).
    // Go's YAML encoder (compose's) double-quotes strings that would read as other types; ours single-quotes.
    return SINGLE_QUOTED.matcher(new Dump(settings).dumpToString(Merger.copy(root))).replaceAll("$1\"$2\"");
  }

  private static Map<String, Object> service(Service s) {
    Map<String, Object> m = new TreeMap<>();
    s.build().ifPresent(b -> {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("context", b.context().toString());
      bm.put("dockerfile", b.dockerfile());
      putMap(bm, "args", b.args());
      b.target().ifPresent(t -> bm.put("target", t));
      putMap(bm, "labels", b.labels());
      putList(bm, "cache_from", b.cacheFrom());
      b.network().ifPresent(n -> bm.put("network", n));
      putList(bm, "extra_hosts", b.extraHosts());
      b.shmSize().ifPresent(x -> bm.put("shm_size", String.valueOf(x)));
      m.put("build", bm);
    });
    s.command().ifPresent(c -> m.put("command", c));
    s.entrypoint().ifPresent(c -> m.put("entrypoint", c));
    s.containerName().ifPresent(c -> m.put("container_name", c));
    if (!s.dependsOn().isEmpty()) {
      Map<String, Object> deps = new LinkedHashMap<>();
      s.dependsOn().forEach((k, d) -> {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("condition", d.condition());
        dm.put("required", d.required());
        if (d.restart()) {
          dm.put("restart", true);
        }
        deps.put(k, dm);
      });
      m.put("depends_on", deps);
    }
    if (s.scale() != 1) {
      m.put("deploy", Map.of("replicas", s.scale()));
    }
    Map<String, Object> limits = new LinkedHashMap<>();
    s.resources().cpus().ifPresent(c -> limits.put("cpus", c));
    s.resources().memory().ifPresent(x -> limits.put("memory", String.valueOf(x)));
    s.resources().pids().ifPresent(x -> limits.put("pids", x));
    if (!limits.isEmpty() || s.resources().memoryReservation().isPresent()) {
      Map<String, Object> res = new LinkedHashMap<>();
      if (!limits.isEmpty()) {
        res.put("limits", limits);
      }
      s.resources().memoryReservation().ifPresent(x -> res.put("reservations",
          Map.of("memory", String.valueOf(x))));
      Map<String, Object> deploy = new LinkedHashMap<>();
      if (s.scale() != 1) {
        deploy.put("replicas", s.scale());
      }
      deploy.put("resources", res);
      m.put("deploy", deploy);
    }
    s.resources().shmSize().ifPresent(x -> m.put("shm_size", String.valueOf(x)));
    putMap(m, "environment", s.environment());
    putList(m, "expose", s.expose());
    s.healthcheck().ifPresent(h -> {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("test", h.test());
      h.timeout().ifPresent(d -> hm.put("timeout", goDuration(d)));
      h.interval().ifPresent(d -> hm.put("interval", goDuration(d)));
      h.retries().ifPresent(r -> hm.put("retries", r));
      h.startPeriod().ifPresent(d -> hm.put("start_period", goDuration(d)));
      h.startInterval().ifPresent(d -> hm.put("start_interval", goDuration(d)));
      m.put("healthcheck", hm);
    });
    s.image().ifPresent(i -> m.put("image", i));
    s.hostname().ifPresent(x -> m.put("hostname", x));
    s.domainname().ifPresent(x -> m.put("domainname", x));
    s.init().ifPresent(x -> m.put("init", x));
    putMap(m, "labels", s.labels());
    s.logging().ifPresent(l -> {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("driver", l.driver());
      putMap(lm, "options", l.options());
      m.put("logging", lm);
    });
    s.networkMode().ifPresent(x -> m.put("network_mode", x));
    if (!s.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      s.networks().forEach((k, n) -> {
        Map<String, Object> nm = new LinkedHashMap<>();
        putList(nm, "aliases", n.aliases());
        n.ipv4Address().ifPresent(x -> nm.put("ipv4_address", x));
        n.priority().ifPresent(x -> nm.put("priority", x));
        nets.put(k, nm.isEmpty() ? null : nm);
      });
      m.put("networks", nets);
    }
    s.platform().ifPresent(x -> m.put("platform", x));
    if (!s.ports().isEmpty()) {
      m.put("ports", s.ports().stream().map(ProjectWriter::port).toList());
    }
    if (s.privileged()) {
      m.put("privileged", true);
    }
    putList(m, "profiles", s.profiles());
    if (!s.pullPolicy().equals("missing")) {
      m.put("pull_policy", s.pullPolicy());
    }
    if (s.readOnly()) {
      m.put("read_only", true);
    }
    if (!s.restart().equals("no")) {
      m.put("restart", s.restart());
    }
    putList(m, "cap_add", s.capAdd());
    putList(m, "cap_drop", s.capDrop());
    putList(m, "dns", s.dns());
    putList(m, "dns_search", s.dnsSearch());
    putList(m, "extra_hosts", s.extraHosts());
    putList(m, "security_opt", s.securityOpt());
    putList(m, "tmpfs", s.tmpfs());
    putList(m, "volumes_from", s.volumesFrom());
    putMap(m, "sysctls", s.sysctls());
    fileRefs(m, "secrets", s.secrets());
    fileRefs(m, "configs", s.configs());
    s.stopSignal().ifPresent(x -> m.put("stop_signal", x));
    s.stopGracePeriod().ifPresent(d -> m.put("stop_grace_period", goDuration(d)));
    if (s.stdinOpen()) {
      m.put("stdin_open", true);
    }
    if (s.tty()) {
      m.put("tty", true);
    }
    if (!s.ulimits().isEmpty()) {
      Map<String, Object> u = new LinkedHashMap<>();
      s.ulimits().forEach((k, l) -> {
        Map<String, Object> lm = new LinkedHashMap<>();
        lm.put("soft", l.soft());
        lm.put("hard", l.hard());
        u.put(k, l.soft() == l.hard() ? (Object) l.soft() : lm);
      });
      m.put("ulimits", u);
    }
    s.user().ifPresent(x -> m.put("user", x));
    if (!s.volumes().isEmpty()) {
      m.put("volumes", s.volumes().stream().map(ProjectWriter::volume).toList());
    }
    s.workingDir().ifPresent(x -> m.put("working_dir", x));
    return m;
  }

  private static Map<String, Object> port(Port p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", "ingress");
    p.hostIp().ifPresent(ip -> m.put("host_ip", ip));
    m.put("target", p.target().matches("\\d+") ? (Object) Integer.parseInt(p.target()) : p.target());
    p.published().ifPresent(x -> m.put("published", x));
    m.put("protocol", p.protocol());
    return m;
  }

  private static Map<String, Object> volume(ServiceVolume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", v.type());
    v.source().ifPresent(x -> m.put("source", x));
    m.put("target", v.target());
    if (v.readOnly()) {
      m.put("read_only", true);
    }
    if (v.type().equals("bind")) {
      Map<String, Object> b = new LinkedHashMap<>();
      v.propagation().ifPresent(x -> b.put("propagation", x));
      b.put("create_host_path", v.createHostPath());
      m.put("bind", b);
    }
    if (v.type().equals("volume")) {
      Map<String, Object> vm = new LinkedHashMap<>();
      if (v.noCopy()) {
        vm.put("nocopy", true);
      }
      m.put("volume", vm);
    }
    if (v.tmpfsSize().isPresent() || v.tmpfsMode().isPresent()) {
      Map<String, Object> t = new LinkedHashMap<>();
      v.tmpfsSize().ifPresent(x -> t.put("size", x));
      v.tmpfsMode().ifPresent(x -> t.put("mode", x));
      m.put("tmpfs", t);
    }
    return m;
  }

  private static Map<String, Object> network(NetworkDef n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    if (!n.driver().equals("bridge")) {
      m.put("driver", n.driver());
    }
    putMap(m, "driver_opts", n.driverOpts());
    if (n.external()) {
      m.put("external", true);
    }
    if (n.internal()) {
      m.put("internal", true);
    }
    if (n.attachable()) {
      m.put("attachable", true);
    }
    if (!n.ipam().isEmpty()) {
      List<Object> cfg = new ArrayList<>();
      n.ipam().forEach(s -> {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("subnet", s.subnet());
        s.gateway().ifPresent(g -> c.put("gateway", g));
        s.ipRange().ifPresent(r -> c.put("ip_range", r));
        cfg.add(c);
      });
      m.put("ipam", Map.of("config", cfg));
    }
    putMap(m, "labels", n.labels());
    return m;
  }

  private static Map<String, Object> volume(VolumeDef v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", v.name());
    if (!v.driver().equals("local")) {
      m.put("driver", v.driver());
    }
    putMap(m, "driver_opts", v.driverOpts());
    if (v.external()) {
      m.put("external", true);
    }
    putMap(m, "labels", v.labels());
    return m;
  }

  private static void putFiles(Map<String, Object> root, String key, Map<String, FileDef> defs) {
    if (defs.isEmpty()) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    defs.forEach((k, f) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      f.file().ifPresent(x -> m.put("file", x.toString()));
      f.environment().ifPresent(x -> m.put("environment", x));
      f.content().ifPresent(x -> m.put("content", x));
      if (f.external()) {
        m.put("external", true);
      }
      out.put(k, m);
    });
    root.put(key, out);
  }

  private static void fileRefs(Map<String, Object> m, String key, List<Service.FileRef> refs) {
    if (refs.isEmpty()) {
      return;
    }
    m.put(key, refs.stream().map(r -> {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("source", r.source());
      rm.put("target", r.target());
      r.uid().ifPresent(x -> rm.put("uid", x));
      r.gid().ifPresent(x -> rm.put("gid", x));
      r.mode().ifPresent(x -> rm.put("mode", x));
      return rm;
    }).toList());
  }

  private static void putMap(Map<String, Object> m, String key, Map<String, String> value) {
    if (!value.isEmpty()) {
      m.put(key, new LinkedHashMap<>(new TreeMap<>(value)));
    }
  }

  private static void putList(Map<String, Object> m, String key, List<String> value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  /** A duration as Go prints it ({@code 1m30s}, {@code 500ms}, {@code 1h0m0s}), as compose config shows them. */
  static String goDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1_000 == 0) {
        return nanos / 1_000 + "µs";
      }
      return nanos + "ns";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    String sec = fraction(d.toSecondsPart(), d.toNanosPart());
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return m + "m" + sec + "s";
    }
    return sec + "s";
  }

  private static String fraction(long s, int nanos) {
    if (nanos == 0) {
      return Long.toString(s);
    }
    String f = String.format("%09d", nanos).replaceAll("0+$", "");
    return s + "." + f;
  }
}
