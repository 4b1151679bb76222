package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static io.berth.compose.load.Values.bool;
import static io.berth.compose.load.Values.map;
import static io.berth.compose.load.Values.optStr;
import static io.berth.compose.load.Values.str;

import io.berth.compose.model.Project;
import io.berth.compose.model.Project.FileDef;
import io.berth.compose.model.Project.NetworkDef;
import io.berth.compose.model.Project.Subnet;
import io.berth.compose.model.Project.VolumeDef;
import io.berth.compose.model.Service;
import io.berth.compose.model.Service.Dependency;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The merged raw tree to the model: top-level resources named, services normalised, profiles applied. */
final class Normalizer {
  private final String project;
  private final Path workingDir;
  private final Map<String, String> env;
  private final Map<String, String> marks;
  private final Consumer<String> warn;

  Normalizer(String project, Path workingDir, Map<String, String> env, Map<String, String> marks,
      Consumer<String> warn) {
    this.project = project;
    this.workingDir = workingDir;
    this.env = env;
    this.marks = marks;
    this.warn = warn;
  }

  Project project(Map<String, Object> tree, List<Path> files, Set<String> profiles) {
    Map<String, NetworkDef> networks = new LinkedHashMap<>();
    map(tree.get("networks")).forEach((k, v) -> networks.put(k, network(k, map(v))));
    Map<String, VolumeDef> volumes = new LinkedHashMap<>();
    map(tree.get("volumes")).forEach((k, v) -> volumes.put(k, volume(k, map(v))));
    Map<String, FileDef> secrets = new LinkedHashMap<>();
    map(tree.get("secrets")).forEach((k, v) -> secrets.put(k, fileDef(k, map(v))));
    Map<String, FileDef> configs = new LinkedHashMap<>();
    map(tree.get("configs")).forEach((k, v) -> configs.put(k, fileDef(k, map(v))));

    ServiceNormalizer sn = new ServiceNormalizer(workingDir, env, marks, volumes.keySet(), networks.keySet(),
        secrets.keySet(), configs.keySet());
    dropOptionalDependencies(map(tree.get("services")));
    Map<String, Service> enabled = new LinkedHashMap<>();
    Map<String, Service> disabled = new LinkedHashMap<>();
    map(tree.get("services")).forEach((name, raw) -> {
      Service s = sn.service(name, map(raw));
      if (s.image().isEmpty() && s.build().isEmpty()) {
        throw new ComposeException(Loc.prefix(marks, "services." + name) + "service \"" + name
            + "\" has neither an image nor a build context specified: invalid compose project");
      }
      boolean active = s.profiles().isEmpty() || profiles.contains("*")
          || s.profiles().stream().anyMatch(profiles::contains);
      (active ? enabled : disabled).put(name, s);
    });
    for (Service s : enabled.values()) {
      for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
        String dep = d.getKey();
        if (disabled.containsKey(dep) && d.getValue().required()) {
          throw new ComposeException("service \"" + dep + "\" was pulled in as a dependency of service \"" + s.name()
              + "\" but is not enabled by the active profiles. You may fix this by adding a common profile to \""
              + dep + "\" and \"" + s.name() + "\".");
        }
        if (!enabled.containsKey(dep) && !disabled.containsKey(dep) && d.getValue().required()) {
          throw new ComposeException(Loc.prefix(marks, "services." + s.name() + ".depends_on") + "service \""
              + s.name() + "\" depends on undefined service \"" + dep + "\": invalid compose project");
        }
      }
    }
    Map<String, Service> all = new LinkedHashMap<>(enabled);
    all.putAll(disabled);
    for (String name : all.keySet()) {
      cycle(all, name, new ArrayList<>());
    }
    for (Service s : enabled.values()) {
      if (s.containerName().isPresent() && s.scale() > 1) {
        throw new ComposeException("services." + s.name() + ": can't set container_name and " + s.name()
            + " as container name must be unique: invalid compose project");
      }
    }
    // The implicit default network: added when a service joins it without declaring it.
    boolean usesDefault = enabled.values().stream().anyMatch(s -> s.networks().containsKey("default"));
    if (usesDefault && !networks.containsKey("default")) {
      networks.put("default", network("default", Map.of()));
    }
    return new Project(project, workingDir, files, enabled, disabled, networks, volumes, secrets, configs);
  }

  /** A {@code required: false} dependency on a service that does not exist is dropped with compose's warning. */
  private void dropOptionalDependencies(Map<String, Object> services) {
    services.forEach((name, raw) -> {
      Map<String, Object> svc = map(raw);
      if (svc.get("depends_on") == null) {
        return;
      }
      Map<String, Object> deps = new LinkedHashMap<>(Merger.castMap(Merger.asMap(svc.get("depends_on"))));
      boolean changed = deps.entrySet().removeIf(d -> !services.containsKey(d.getKey())
          && d.getValue() instanceof Map<?, ?> dm && dm.get("required") != null
          && !bool(dm.get("required"), "services." + name + ".depends_on." + d.getKey() + ".required")
          && warnDropped(name, d.getKey()));
      if (changed) {
        svc.put("depends_on", deps);
      }
    });
  }

  private boolean warnDropped(String service, String dependency) {
    warn.accept("service \"" + service + "\" depends on undefined service \"" + dependency
        + "\": invalid compose project (not required, ignored)");
    return true;
  }

  /** Fails on a depends_on cycle, naming it like compose ({@code a -> b -> a}). */
  private static void cycle(Map<String, Service> all, String name, List<String> path) {
    if (path.contains(name)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      loop.add(name);
      throw new ComposeException("dependency cycle detected: " + String.join(" -> ", loop));
    }
    Service s = all.get(name);
    if (s == null) {
      return;
    }
    path.add(name);
    for (String dep : s.dependsOn().keySet()) {
      cycle(all, dep, path);
    }
    path.removeLast();
  }

  private NetworkDef network(String key, Map<String, Object> n) {
    boolean external = external(n);
    String name = optStr(n.get("name")).orElse(external ? key : project + "_" + key);
    List<Subnet> ipam = new ArrayList<>();
    for (Object c : Values.list(map(n.get("ipam")).get("config"))) {
      Map<String, Object> cm = map(c);
      ipam.add(new Subnet(str(cm.get("subnet")), optStr(cm.get("gateway")), optStr(cm.get("ip_range"))));
    }
    return new NetworkDef(key, name, optStr(n.get("driver")).orElse("bridge"), strMap(n.get("driver_opts")),
        external, bool(n.get("internal"), "networks." + key + ".internal"),
        bool(n.get("attachable"), "networks." + key + ".attachable"), ipam, strMap(n.get("labels")));
  }

  private VolumeDef volume(String key, Map<String, Object> v) {
    boolean external = external(v);
    String name = optStr(v.get("name")).orElse(external ? key : project + "_" + key);
    return new VolumeDef(key, name, optStr(v.get("driver")).orElse("local"), strMap(v.get("driver_opts")), external,
        strMap(v.get("labels")));
  }

  private FileDef fileDef(String key, Map<String, Object> f) {
    boolean external = external(f);
    String name = optStr(f.get("name")).orElse(external ? key : project + "_" + key);
    return new FileDef(key, name, optStr(f.get("file")).map(p -> workingDir.resolve(p).normalize()),
        optStr(f.get("environment")), optStr(f.get("content")), external);
  }

  /** {@code external: true}, or the legacy {@code external: {name: x}}. */
  private static boolean external(Map<String, Object> m) {
    Object e = m.get("external");
    if (e instanceof Map<?, ?> em) {
      if (em.get("name") != null) {
        m.putIfAbsent("name", em.get("name"));
      }
      return true;
    }
    return bool(e, "external");
  }

  private static Map<String, String> strMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    Values.dict(o).forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }
}
