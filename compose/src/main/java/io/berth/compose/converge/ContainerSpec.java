package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.Healthcheck;
import io.berth.client.model.HostConfig;
import io.berth.client.model.Mount;
import io.berth.client.model.LogConfig;
import io.berth.client.model.NetworkingConfig;
import io.berth.client.model.PortBinding;
import io.berth.client.model.Resources;
import io.berth.client.model.RestartPolicy;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A service's container as an Engine API create request, as Docker Compose v2 lays it out: the
 * first network in the create (with the service name as alias), the others connected before start.
 */
public final class ContainerSpec {
  private ContainerSpec() {}

  /** The request and the networks to connect after the create (engine name → endpoint). */
  public record Spec(ContainerCreateRequest request, Map<String, EndpointSettings> extraNetworks) {}

  /** Compose's container name: {@code container_name}, else {@code <project>-<service>-<n>}. */
  public static String name(Project p, Service s, int number) {
    return s.containerName().orElse(p.name() + "-" + s.name() + "-" + number);
  }

  /** The image a service runs: {@code image}, else {@code <project>-<service>} for a built one. */
  public static String image(Project p, Service s) {
    return s.image().orElse(p.name() + "-" + s.name());
  }

  /** The networks a service joins, by top-level key (Compose's implicit {@code default} when none). */
  public static Map<String, Service.ServiceNetwork> networks(Service s) {
    if (s.networkMode().isPresent()) return Map.of();
    if (!s.networks().isEmpty()) return s.networks();
    return Map.of("default", new Service.ServiceNetwork(List.of(), Optional.empty(), Optional.empty()));
  }

  /** The engine's name of the network {@code key} (the implicit default is {@code <project>_default}). */
  public static String networkName(Project p, String key) {
    var def = p.networks().get(key);
    return def != null ? def.name() : p.name() + "_" + key;
  }

  public static Spec of(Project p, Service s, int number, boolean oneoff, String configHash, String imageId,
      Map<String, String> extraLabels) {
    return of(p, s, number, oneoff, configHash, imageId, extraLabels, true, Map.of());
  }

  /** As {@link #of(Project, Service, int, boolean, String, String, Map, boolean, Map)}, with no volumes inherited. */
  public static Spec of(Project p, Service s, int number, boolean oneoff, String configHash, String imageId,
      Map<String, String> extraLabels, boolean publish) {
    return of(p, s, number, oneoff, configHash, imageId, extraLabels, publish, Map.of());
  }

  /**
   * The create request; {@code publish} false leaves the ports unpublished ({@code run}), {@code inherited}
   * maps the targets of anonymous volumes to the volumes a replaced container had there.
   */
  public static Spec of(Project p, Service s, int number, boolean oneoff, String configHash, String imageId,
      Map<String, String> extraLabels, boolean publish, Map<String, String> inherited) {
    var labels = new LinkedHashMap<String, String>(s.labels());
    labels.put(Labels.PROJECT, p.name());
    labels.put(Labels.SERVICE, s.name());
    labels.put(Labels.NUMBER, Integer.toString(number));
    labels.put(Labels.ONEOFF, oneoff ? "True" : "False");
    labels.put(Labels.CONFIG_HASH, configHash);
    labels.put(Labels.WORKING_DIR, p.workingDir().toString());
    labels.put(Labels.CONFIG_FILES, p.composeFiles().stream().map(Object::toString).collect(Collectors.joining(",")));
    labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
    labels.put(Labels.IMAGE, imageId);
    labels.put(Labels.DEPENDS_ON, s.dependsOn().entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue().condition() + ":" + e.getValue().restart())
        .collect(Collectors.joining(",")));
    labels.putAll(extraLabels);

    var exposed = new LinkedHashMap<String, Object>();
    var bindings = new LinkedHashMap<String, List<PortBinding>>();
    for (Service.Port port : s.ports()) {
      List<String> targets = expand(port.target());
      List<String> published = port.published().map(ContainerSpec::expand).orElse(List.of());
      for (int i = 0; i < targets.size(); i++) {
        String key = targets.get(i) + "/" + port.protocol();
        exposed.put(key, Map.of());
        if (!publish) continue;
        String host = published.isEmpty() ? "" : published.size() == targets.size() ? published.get(i)
            : port.published().get();
        bindings.computeIfAbsent(key, k -> new ArrayList<>()).add(new PortBinding(port.hostIp().orElse(""), host));
      }
    }
    for (String e : s.expose()) {
      String key = e.contains("/") ? e : e + "/tcp";
      exposed.putIfAbsent(key, Map.of());
    }

    var binds = new ArrayList<String>();
    var anonymous = new LinkedHashMap<String, Object>();
    var mounts = new ArrayList<Mount>();
    for (Service.ServiceVolume v : s.volumes()) {
      switch (v.type()) {
        case "volume" -> {
          if (v.source().isEmpty() && inherited.containsKey(v.target())) {
            // a recreated container keeps its predecessor's anonymous volume, as in Compose
            binds.add(inherited.get(v.target()) + ":" + v.target() + (v.readOnly() ? ":ro" : ""));
          } else if (v.source().isEmpty()) {
            anonymous.put(v.target(), Map.of());
          } else {
            var def = p.volumes().get(v.source().get());
            String name = def != null ? def.name() : v.source().get();
            var opts = new ArrayList<String>();
            if (v.readOnly()) opts.add("ro");
            if (v.noCopy()) opts.add("nocopy");
            binds.add(name + ":" + v.target() + (opts.isEmpty() ? "" : ":" + String.join(",", opts)));
          }
        }
        case "bind" -> {
          var opts = new ArrayList<String>();
          if (v.readOnly()) opts.add("ro");
          v.propagation().ifPresent(opts::add);
          binds.add(v.source().orElseThrow() + ":" + v.target() + (opts.isEmpty() ? "" : ":" + String.join(",", opts)));
        }
        case "tmpfs" -> mounts.add(new Mount("tmpfs", "", v.target(), v.readOnly(), "", Optional.empty(),
            Optional.empty(), Optional.of(new Mount.TmpfsOptions(v.tmpfsSize().orElse(0L), v.tmpfsMode().orElse(0)))));
        default -> throw new ComposeException("service \"" + s.name() + "\": volume type " + v.type()
            + " is not supported by berth yet");
      }
    }

    for (Service.FileRef ref : s.secrets()) binds.add(fileBind(p.secrets().get(ref.source()), ref, "/run/secrets/", s, "secret"));
    for (Service.FileRef ref : s.configs()) binds.add(fileBind(p.configs().get(ref.source()), ref, "/", s, "config"));
    // `tmpfs: /run` or `/run:size=64m` (Compose passes them as HostConfig.Tmpfs, as --tmpfs does)
    var tmpfs = new LinkedHashMap<String, String>();
    for (String t : s.tmpfs()) {
      int colon = t.indexOf(':');
      tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
    }
    // volumes_from: `service:name[:mode]` is that service's first container, `container:name[:mode]` as given
    var volumesFrom = new ArrayList<String>();
    for (String f : s.volumesFrom()) {
      if (f.startsWith("container:")) volumesFrom.add(f.substring("container:".length()));
      else {
        String rest = f.startsWith("service:") ? f.substring("service:".length()) : f;
        int colon = rest.indexOf(':');
        String svc = colon < 0 ? rest : rest.substring(0, colon);
        String mode = colon < 0 ? "" : rest.substring(colon);
        String name = p.service(svc).flatMap(Service::containerName).orElse(p.name() + "-" + svc + "-1");
        volumesFrom.add(name + mode);
      }
    }

    var env = new ArrayList<String>();
    s.environment().forEach((k, v) -> env.add(k + "=" + v));

    var config = new ContainerConfig(s.hostname().orElse(""), s.domainname().orElse(""), s.user().orElse(""),
        false, false, false, exposed, s.tty(), s.stdinOpen(), false, env, s.command().orElse(List.of()),
        image(p, s), anonymous, s.workingDir().orElse(""), s.entrypoint().orElse(List.of()), labels,
        s.stopSignal(), s.stopGracePeriod().map(d -> (int) d.toSeconds()), s.healthcheck().map(ContainerSpec::health));

    Map<String, Service.ServiceNetwork> nets = networks(s);
    String networkMode = s.networkMode().map(m -> m.startsWith("service:")
        ? "container:" + p.name() + "-" + m.substring("service:".length()) + "-1" : m)
        .orElseGet(() -> networkName(p, nets.keySet().iterator().next()));

    var res = new Resources.Builder();
    s.resources().cpus().ifPresent(c -> res.nanoCpus(Math.round(c * 1e9)));
    s.resources().memory().ifPresent(res::memory);
    s.resources().memoryReservation().ifPresent(res::memoryReservation);
    s.resources().pids().ifPresent(res::pidsLimit);
    s.resources().shmSize().ifPresent(res::shmSize);
    if (!s.ulimits().isEmpty()) {
      var ul = new ArrayList<Resources.Ulimit>();
      s.ulimits().forEach((k, u) -> ul.add(new Resources.Ulimit(k, u.hard(), u.soft())));
      res.ulimits(ul);
    }

    HostConfig host = new HostConfig(binds, networkMode, restart(s.restart()), false, s.privileged(), s.readOnly(),
        s.dns(), s.extraHosts(), s.init(), bindings, false,
        opt(s.capAdd()), opt(s.capDrop()), opt(s.securityOpt()), Optional.empty(),
        s.sysctls().isEmpty() ? Optional.empty() : Optional.of(s.sysctls()),
        s.logging().map(l -> new LogConfig(l.driver(), l.options())), res.build())
        .withDnsSettings(List.of(), s.dnsSearch())
        .withMountSettings(new HostConfig.MountSettings(volumesFrom, tmpfs, mounts));

    var endpoints = new LinkedHashMap<String, EndpointSettings>();
    for (var e : nets.entrySet()) endpoints.put(networkName(p, e.getKey()), endpoint(s, e.getValue()));
    Optional<NetworkingConfig> networking = Optional.empty();
    var extra = new LinkedHashMap<String, EndpointSettings>();
    if (!endpoints.isEmpty()) {
      var first = endpoints.entrySet().iterator().next();
      networking = Optional.of(new NetworkingConfig(Map.of(first.getKey(), first.getValue())));
      endpoints.entrySet().stream().skip(1).forEach(e -> extra.put(e.getKey(), e.getValue()));
    }
    return new Spec(new ContainerCreateRequest(config, host, networking), extra);
  }

  /**
   * A file-backed secret or config, bind-mounted read-only at its target ({@code /run/secrets/<name>}
   * for a secret, {@code /<name>} for a config, unless absolute), as Compose does without swarm.
   */
  private static String fileBind(Project.FileDef def, Service.FileRef ref, String base, Service s, String kind) {
    if (def == null) {
      throw new ComposeException("service \"" + s.name() + "\" refers to undefined " + kind + " " + ref.source()
          + ": invalid compose project");
    }
    if (def.external() || def.file().isEmpty()) {
      throw new ComposeException("service \"" + s.name() + "\": " + kind + " " + ref.source()
          + " is not backed by a file; berth supports only file " + kind + "s");
    }
    String target = ref.target().isEmpty() ? ref.source() : ref.target();
    return def.file().get() + ":" + (target.startsWith("/") ? target : base + target) + ":ro";
  }

  private static EndpointSettings endpoint(Service s, Service.ServiceNetwork n) {
    var aliases = new ArrayList<String>();
    aliases.add(s.name());
    for (String a : n.aliases()) if (!aliases.contains(a)) aliases.add(a);
    return new EndpointSettings(n.ipv4Address().map(ip -> new EndpointSettings.IpamConfig(Optional.of(ip),
        Optional.empty())), Optional.empty(), Optional.of(aliases), Optional.empty(), Optional.empty());
  }

  private static Optional<List<String>> opt(List<String> l) { return l.isEmpty() ? Optional.empty() : Optional.of(l); }

  private static List<String> expand(String range) {
    int dash = range.indexOf('-');
    if (dash < 0) return List.of(range);
    int lo = Integer.parseInt(range.substring(0, dash));
    int hi = Integer.parseInt(range.substring(dash + 1));
    var out = new ArrayList<String>();
    for (int i = lo; i <= hi; i++) out.add(Integer.toString(i));
    return out;
  }

  static RestartPolicy restart(String policy) {
    if (policy == null || policy.isEmpty()) return new RestartPolicy("no", 0);
    int colon = policy.indexOf(':');
    if (colon < 0) return new RestartPolicy(policy, 0);
    return new RestartPolicy(policy.substring(0, colon), Integer.parseInt(policy.substring(colon + 1)));
  }

  private static Healthcheck health(Service.Healthcheck h) {
    return new Healthcheck(h.test(), nanos(h.interval()), nanos(h.timeout()), nanos(h.startPeriod()),
        nanos(h.startInterval()), h.retries().orElse(0));
  }

  private static long nanos(Optional<Duration> d) { return d.map(Duration::toNanos).orElse(0L); }
}
