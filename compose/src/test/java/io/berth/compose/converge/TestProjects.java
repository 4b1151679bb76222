package io.berth.compose.converge;

import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds model records for tests (what the loader would produce). */
final class TestProjects {
  private TestProjects() {}

  static final class S {
    final String name;
    String image = "busybox";
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, Service.Dependency> deps = new LinkedHashMap<>();
    Optional<Service.Healthcheck> health = Optional.empty();
    int scale = 1;
    List<Service.ServiceVolume> volumes = List.of();
    List<Service.Port> ports = List.of();
    Optional<String> containerName = Optional.empty();
    Optional<List<String>> command = Optional.empty();

    S(String name) { this.name = name; }

    S env(String k, String v) { env.put(k, v); return this; }

    S dependsOn(String svc, String condition) { deps.put(svc, new Service.Dependency(condition, false, true)); return this; }

    S health(String cmd) {
      health = Optional.of(new Service.Healthcheck(List.of("CMD-SHELL", cmd), Optional.of(Duration.ofSeconds(1)),
          Optional.empty(), Optional.of(3), Optional.empty(), Optional.empty()));
      return this;
    }

    S dependsOnRestart(String svc) { deps.put(svc, new Service.Dependency("service_started", true, true)); return this; }

    S scale(int n) { scale = n; return this; }

    S volume(String source, String target) {
      volumes = List.of(new Service.ServiceVolume("volume", Optional.of(source), target, false, false, false,
          Optional.empty(), Optional.empty(), Optional.empty()));
      return this;
    }

    S port(String target, String published) {
      ports = List.of(new Service.Port(target, Optional.of(published), Optional.empty(), "tcp"));
      return this;
    }

    S command(String... args) { command = Optional.of(List.of(args)); return this; }

    Service build() {
      return new Service(name, Optional.of(image), Optional.empty(), command, Optional.empty(), env, ports, List.of(),
          volumes, List.of(), Map.of(), Optional.empty(), deps, health, "no", scale, Service.Resources.NONE, Map.of(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          false, false, Optional.empty(), false, false, List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of(), Map.of(), containerName, "missing", List.of(), List.of(), List.of(), Optional.empty(),
          Optional.empty());
    }
  }

  static S service(String name) { return new S(name); }

  static Project project(String name, List<String> volumes, Service... services) {
    var svcs = new LinkedHashMap<String, Service>();
    for (Service s : services) svcs.put(s.name(), s);
    var vols = new LinkedHashMap<String, Project.VolumeDef>();
    for (String v : volumes) vols.put(v, new Project.VolumeDef(v, name + "_" + v, "local", Map.of(), false, Map.of()));
    return new Project(name, Path.of("/tmp/" + name), List.of(Path.of("/tmp/" + name + "/compose.yaml")), svcs,
        Map.of(), Map.of(), vols, Map.of(), Map.of());
  }
}
