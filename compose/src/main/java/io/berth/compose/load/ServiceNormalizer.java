package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static io.berth.compose.load.Values.bool;
import static io.berth.compose.load.Values.dict;
import static io.berth.compose.load.Values.list;
import static io.berth.compose.load.Values.map;
import static io.berth.compose.load.Values.optBool;
import static io.berth.compose.load.Values.optStr;
import static io.berth.compose.load.Values.str;
import static io.berth.compose.load.Values.strings;

import io.berth.compose.model.Service;
import io.berth.compose.model.Service.Build;
import io.berth.compose.model.Service.Dependency;
import io.berth.compose.model.Service.FileRef;
import io.berth.compose.model.Service.Healthcheck;
import io.berth.compose.model.Service.Logging;
import io.berth.compose.model.Service.Port;
import io.berth.compose.model.Service.Resources;
import io.berth.compose.model.Service.ServiceNetwork;
import io.berth.compose.model.Service.ServiceVolume;
import io.berth.compose.model.Service.Ulimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One raw service to the model's {@link Service}: long syntaxes, absolute paths, env_file applied. */
final class ServiceNormalizer {
  private final Path workingDir;
  private final Map<String, String> env;
  private final Map<String, String> marks;
  private final Set<String> volumes;
  private final Set<String> networks;
  private final Set<String> secrets;
  private final Set<String> configs;

  ServiceNormalizer(Path workingDir, Map<String, String> env, Map<String, String> marks, Set<String> volumes,
      Set<String> networks, Set<String> secrets, Set<String> configs) {
    this.workingDir = workingDir;
    this.env = env;
    this.marks = marks;
    this.volumes = volumes;
    this.networks = networks;
    this.secrets = secrets;
    this.configs = configs;
  }

  Service service(String name, Map<String, Object> s) {
    String p = "services." + name;
    try {
      return build(name, s, p);
    } catch (ComposeException e) {
      String msg = e.getMessage();
      // Messages already located (from a nested call) or project-level ones are kept as they are.
      if (msg.startsWith("service \"") || msg.matches("^[^ ]+:\\d+:\\d+: .*")) {
        throw e;
      }
      if (!msg.startsWith(p)) {
        throw new ComposeException(Loc.prefix(marks, p) + p + ": " + msg, e);
      }
      String path = msg.substring(0, msg.indexOf(' ') < 0 ? msg.length() : msg.indexOf(' '));
      throw new ComposeException(Loc.prefix(marks, path.replaceAll(":$", "")) + msg, e);
    }
  }

  private Service build(String name, Map<String, Object> s, String p) {
    Map<String, Object> deploy = map(s.get("deploy"));
    Optional<Long> replicas = Optional.ofNullable(deploy.get("replicas")).map(r -> Values.integer(r, p + ".deploy.replicas"));
    int scale = (int) (s.get("scale") != null ? Values.integer(s.get("scale"), p + ".scale") : replicas.orElse(1L));
    boolean hasNetworkMode = s.get("network_mode") != null;
    return new Service(name, optStr(s.get("image")), buildOf(s.get("build"), p + ".build"),
        words(s.get("command"), p + ".command"), words(s.get("entrypoint"), p + ".entrypoint"), environment(s, p), ports(s.get("ports"), p + ".ports"),
        strings(s.get("expose")), volumes(name, s.get("volumes"), p + ".volumes"), strings(s.get("volumes_from")),
        networks(name, s.get("networks"), hasNetworkMode), optStr(s.get("network_mode")),
        dependsOn(s.get("depends_on"), s.get("volumes_from"), s.get("network_mode")), healthcheck(s.get("healthcheck"), p + ".healthcheck"),
        optStr(s.get("restart")).orElse("no"), scale, resources(s, deploy, p), labels(s.get("labels")),
        optStr(s.get("user")), optStr(s.get("working_dir")), optStr(s.get("hostname")),
        optStr(s.get("domainname")), optStr(s.get("stop_signal")),
        Optional.ofNullable(s.get("stop_grace_period")).map(d -> Shapes.duration(d, p + ".stop_grace_period")),
        bool(s.get("tty"), p + ".tty"), bool(s.get("stdin_open"), p + ".stdin_open"),
        optBool(s.get("init"), p + ".init"), bool(s.get("read_only"), p + ".read_only"),
        bool(s.get("privileged"), p + ".privileged"), strings(s.get("tmpfs")), ulimits(s.get("ulimits"), p),
        strings(s.get("cap_add")), strings(s.get("cap_drop")), extraHosts(s.get("extra_hosts")),
        strings(s.get("dns")), strings(s.get("dns_search")), strings(s.get("security_opt")),
        nonNull(dict(s.get("sysctls"))), optStr(s.get("container_name")), pullPolicy(s.get("pull_policy")),
        strings(s.get("profiles")), fileRefs(name, "secret", s.get("secrets"), secrets, true),
        fileRefs(name, "config", s.get("configs"), configs, false), optStr(s.get("platform")),
        logging(s.get("logging")));
  }

  private Optional<Build> buildOf(Object o, String p) {
    if (o == null) {
      return Optional.empty();
    }
    Map<String, Object> b = o instanceof Map<?, ?> ? map(o) : Map.of("context", o);
    Path context = workingDir.resolve(str(b.getOrDefault("context", "."))).normalize();
    Map<String, String> args = new LinkedHashMap<>();
    // A build arg without a value takes the environment's, or is left out (compose's behaviour).
    dict(b.get("args")).forEach((k, v) -> {
      String val = v != null ? v : env.get(k);
      if (val != null) {
        args.put(k, val);
      }
    });
    return Optional.of(new Build(context, optStr(b.get("dockerfile")).orElse("Dockerfile"), args,
        optStr(b.get("target")), labels(b.get("labels")), strings(b.get("cache_from")), optStr(b.get("network")),
        extraHosts(b.get("extra_hosts")), Optional.ofNullable(b.get("shm_size")).map(v -> Shapes.size(v, p + ".shm_size"))));
  }

  private static Optional<List<String>> words(Object o, String p) {
    if (o == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(o instanceof List<?> ? strings(o) : Shapes.shellWords(str(o)));
    } catch (ComposeException e) {
      throw new ComposeException(p + ": " + e.getMessage(), e);
    }
  }

  private Map<String, String> environment(Map<String, Object> s, String p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object ef : list(s.get("env_file"))) {
      String file;
      boolean required = true;
      if (ef instanceof Map<?, ?> m) {
        file = str(m.get("path"));
        required = m.get("required") == null || bool(m.get("required"), p + ".env_file.required");
      } else {
        file = str(ef);
      }
      Path f = workingDir.resolve(file).normalize();
      if (!Files.isRegularFile(f)) {
        if (required) {
          throw new ComposeException("env file " + f + " not found: stat " + f + ": no such file or directory");
        }
        continue;
      }
      Map<String, Optional<String>> vars = Interpolation.envFile(ProjectLoader.read(f), f.toString(),
          k -> Optional.ofNullable(env.get(k)), new LinkedHashMap<>());
      vars.forEach((k, v) -> v.ifPresent(val -> out.put(k, val)));
    }
    dict(s.get("environment")).forEach((k, v) -> {
      String val = v != null ? v : env.get(k);
      if (val != null) {
        out.put(k, val);
      } else {
        out.remove(k);
      }
    });
    return out;
  }

  private List<Port> ports(Object o, String p) {
    List<Port> out = new ArrayList<>();
    List<Object> items = list(o);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String ip = p + "[" + i + "]";
      try {
        if (item instanceof Map<?, ?> m) {
          Object target = m.get("target");
          if (target == null) {
            throw new ComposeException(ip + ".target is required");
          }
          out.add(new Port(str(target), optStr(m.get("published")).filter(x -> !x.isEmpty()),
              optStr(m.get("host_ip")).filter(x -> !x.isEmpty()), optStr(m.get("protocol")).orElse("tcp")));
        } else {
          out.add(Shapes.port(str(item)));
        }
      } catch (ComposeException e) {
        if (e.getMessage().startsWith(ip)) {
          throw new ComposeException(Loc.prefix(marks, ip) + e.getMessage(), e);
        }
        throw new ComposeException(Loc.prefix(marks, ip) + ip + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private List<ServiceVolume> volumes(String service, Object o, String p) {
    List<ServiceVolume> out = new ArrayList<>();
    List<Object> items = list(o);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String ip = p + "[" + i + "]";
      ServiceVolume v;
      try {
        v = item instanceof Map<?, ?> m ? longVolume(map(m), ip) : Shapes.volume(str(item), workingDir, env);
      } catch (ComposeException e) {
        throw new ComposeException(Loc.prefix(marks, ip) + ip + ": " + e.getMessage(), e);
      }
      if (v.type().equals("volume") && v.source().isPresent() && !volumes.contains(v.source().get())) {
        throw new ComposeException(Loc.prefix(marks, ip) + "service \"" + service + "\" refers to undefined volume "
            + v.source().get() + ": invalid compose project");
      }
      out.add(v);
    }
    return out;
  }

  private ServiceVolume longVolume(Map<String, Object> m, String p) {
    String type = optStr(m.get("type")).orElse("volume");
    Optional<String> source = optStr(m.get("source")).filter(x -> !x.isEmpty());
    Object targetRaw = m.get("target");
    if (targetRaw == null) {
      throw new ComposeException("target is required");
    }
    Map<String, Object> bind = map(m.get("bind"));
    Map<String, Object> vol = map(m.get("volume"));
    Map<String, Object> tmpfs = map(m.get("tmpfs"));
    if (type.equals("bind")) {
      if (source.isEmpty()) {
        throw new ComposeException("invalid mount config for type \"bind\": field Source must not be empty");
      }
      source = Optional.of(Shapes.hostPath(source.get(), workingDir, env));
    }
    return new ServiceVolume(type, source, str(targetRaw), bool(m.get("read_only"), p + ".read_only"),
        bool(vol.get("nocopy"), p + ".volume.nocopy"), bool(bind.get("create_host_path"), p + ".bind.create_host_path"),
        optStr(bind.get("propagation")),
        Optional.ofNullable(tmpfs.get("size")).map(x -> Shapes.size(x, p + ".tmpfs.size")),
        Optional.ofNullable(tmpfs.get("mode")).map(x -> (int) Values.integer(x, p + ".tmpfs.mode")));
  }

  private Map<String, ServiceNetwork> networks(String service, Object o, boolean hasNetworkMode) {
    Map<String, ServiceNetwork> out = new LinkedHashMap<>();
    Merger.castMap(Merger.asMap(o == null ? Map.of() : o)).forEach((k, v) -> {
      if (!networks.contains(k) && !k.equals("default")) {
        throw new ComposeException(Loc.prefix(marks, "services." + service + ".networks") + "service \"" + service
            + "\" refers to undefined network " + k + ": invalid compose project");
      }
      Map<String, Object> n = map(v);
      out.put(k, new ServiceNetwork(strings(n.get("aliases")), optStr(n.get("ipv4_address")),
          Optional.ofNullable(n.get("priority")).map(x -> (int) Values.integer(x, "priority"))));
    });
    if (out.isEmpty() && !hasNetworkMode) {
      out.put("default", new ServiceNetwork(List.of(), Optional.empty(), Optional.empty()));
    }
    return out;
  }

  /**
   * {@code depends_on}, plus compose's implicit dependencies: a service named by {@code volumes_from}
   * or {@code network_mode: service:x} must be started first.
   */
  private Map<String, Dependency> dependsOn(Object o, Object volumesFrom, Object networkMode) {
    Map<String, Dependency> out = new LinkedHashMap<>();
    Merger.castMap(Merger.asMap(o == null ? Map.of() : o)).forEach((k, v) -> {
      Map<String, Object> d = map(v);
      out.put(k, new Dependency(optStr(d.get("condition")).orElse("service_started"),
          bool(d.get("restart"), "depends_on.restart"),
          d.get("required") == null || bool(d.get("required"), "depends_on.required")));
    });
    for (String f : strings(volumesFrom)) {
      if (f.startsWith("container:")) continue;
      out.putIfAbsent(f.split(":", 2)[0], new Dependency("service_started", false, true));
    }
    optStr(networkMode).filter(m -> m.startsWith("service:"))
        .ifPresent(m -> out.putIfAbsent(m.substring("service:".length()), new Dependency("service_started", false, true)));
    return out;
  }

  private static Optional<Healthcheck> healthcheck(Object o, String p) {
    if (o == null) {
      return Optional.empty();
    }
    Map<String, Object> h = map(o);
    List<String> test;
    if (bool(h.get("disable"), p + ".disable")) {
      test = List.of("NONE");
    } else if (h.get("test") instanceof List<?> l) {
      test = strings(l);
    } else if (h.get("test") != null) {
      test = List.of("CMD-SHELL", str(h.get("test")));
    } else {
      test = List.of();
    }
    return Optional.of(new Healthcheck(test, dur(h.get("interval"), p + ".interval"),
        dur(h.get("timeout"), p + ".timeout"),
        Optional.ofNullable(h.get("retries")).map(r -> (int) Values.integer(r, p + ".retries")),
        dur(h.get("start_period"), p + ".start_period"), dur(h.get("start_interval"), p + ".start_interval")));
  }

  private static Optional<Duration> dur(Object o, String p) {
    return Optional.ofNullable(o).map(d -> Shapes.duration(d, p));
  }

  private static Resources resources(Map<String, Object> s, Map<String, Object> deploy, String p) {
    Map<String, Object> res = map(deploy.get("resources"));
    Map<String, Object> lim = map(res.get("limits"));
    Map<String, Object> rsv = map(res.get("reservations"));
    Object cpus = lim.getOrDefault("cpus", s.get("cpus"));
    Object mem = lim.getOrDefault("memory", s.get("mem_limit"));
    Object memRes = rsv.getOrDefault("memory", s.get("mem_reservation"));
    Object pids = lim.getOrDefault("pids", s.get("pids_limit"));
    Object shm = s.get("shm_size");
    return new Resources(Optional.ofNullable(cpus).map(c -> Values.number(c, p + ".deploy.resources.limits.cpus")),
        Optional.ofNullable(mem).map(m -> Shapes.size(m, p + ".deploy.resources.limits.memory")),
        Optional.ofNullable(memRes).map(m -> Shapes.size(m, p + ".deploy.resources.reservations.memory")),
        Optional.ofNullable(pids).map(x -> Values.integer(x, p + ".deploy.resources.limits.pids")),
        Optional.ofNullable(shm).map(x -> Shapes.size(x, p + ".shm_size")));
  }

  private static Map<String, String> labels(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    dict(o).forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  private static Map<String, String> nonNull(Map<String, String> m) {
    return labels(m);
  }

  private static Map<String, Ulimit> ulimits(Object o, String p) {
    Map<String, Ulimit> out = new LinkedHashMap<>();
    map(o).forEach((k, v) -> {
      if (v instanceof Map<?, ?> m) {
        out.put(k, new Ulimit(Values.integer(m.get("soft"), p + ".ulimits." + k + ".soft"),
            Values.integer(m.get("hard"), p + ".ulimits." + k + ".hard")));
      } else {
        long n = Values.integer(v, p + ".ulimits." + k);
        out.put(k, new Ulimit(n, n));
      }
    });
    return out;
  }

  /** extra_hosts as Docker's {@code host:ip}: from {@code host=ip}, {@code host:ip} or a mapping (list of ips allowed). */
  private static List<String> extraHosts(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof Map<?, ?> m) {
      map(m).forEach((k, v) -> strings(v).forEach(ip -> out.add(k + ":" + ip)));
      return out;
    }
    for (String h : strings(o)) {
      int eq = h.indexOf('=');
      out.add(eq >= 0 ? h.substring(0, eq) + ":" + h.substring(eq + 1) : h);
    }
    return out;
  }

  private static String pullPolicy(Object o) {
    String p = optStr(o).orElse("missing");
    return p.equals("if_not_present") ? "missing" : p;
  }

  private List<FileRef> fileRefs(String service, String kind, Object o, Set<String> defined, boolean secret) {
    List<FileRef> out = new ArrayList<>();
    for (Object item : list(o)) {
      Map<String, Object> m = item instanceof Map<?, ?> ? map(item) : Map.of("source", item);
      String source = str(m.get("source"));
      if (!defined.contains(source)) {
        throw new ComposeException(Loc.prefix(marks, "services." + service + "." + kind + "s") + "service \""
            + service + "\" refers to undefined " + kind + " " + source + ": invalid compose project");
      }
      String target = optStr(m.get("target")).orElse(secret ? source : "/" + source);
      out.add(new FileRef(source, target, optStr(m.get("uid")), optStr(m.get("gid")),
          Optional.ofNullable(m.get("mode")).map(x -> (int) Values.integer(x, "mode"))));
    }
    return out;
  }

  private static Optional<Logging> logging(Object o) {
    if (o == null) {
      return Optional.empty();
    }
    Map<String, Object> l = map(o);
    return Optional.of(new Logging(optStr(l.get("driver")).orElse("json-file"), labels(l.get("options"))));
  }
}
