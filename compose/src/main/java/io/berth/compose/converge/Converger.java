package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.client.model.ContainerSummary;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code up}: networks and volumes, images, then containers in dependency order, converged as Docker
 * Compose v2 does. Two phases as in Compose: first every service's containers are created, recreated
 * or kept (and extra replicas removed), then the ones not running are started, each service after
 * its dependencies' conditions hold.
 */
public final class Converger {
  private final Engine engine;
  private final Progress progress;
  private final Duration poll;

  public Converger(Engine engine, Progress progress) { this(engine, progress, Duration.ofMillis(500)); }

  /** With the interval at which health and exit are polled (tests use a short one). */
  public Converger(Engine engine, Progress progress, Duration poll) {
    this.engine = engine;
    this.progress = progress;
    this.poll = poll;
  }

  /** The services named (all when none), with the services they depend on unless {@code noDeps}. */
  public static Map<String, Service> select(Project p, List<String> names, boolean withDeps) {
    if (names.isEmpty()) return p.services();
    var out = new LinkedHashMap<String, Service>();
    var todo = new ArrayList<>(names);
    while (!todo.isEmpty()) {
      String n = todo.removeFirst();
      if (out.containsKey(n)) continue;
      Service s = p.services().get(n);
      if (s == null) throw new ComposeException("no such service: " + n);
      out.put(n, s);
      if (withDeps) {
        s.dependsOn().forEach((d, dep) -> {
          if (p.services().containsKey(d) || dep.required()) todo.add(d);
        });
      }
    }
    // keep file order
    var ordered = new LinkedHashMap<String, Service>();
    p.services().forEach((k, v) -> { if (out.containsKey(k)) ordered.put(k, v); });
    return ordered;
  }

  public void up(Project p, UpOptions o) {
    Map<String, Service> selected = select(p, o.services(), !o.noDeps());
    for (String s : o.scale().keySet()) {
      if (!p.services().containsKey(s)) throw new ComposeException("no such service: " + s);
    }
    List<Service> order = DependencyOrder.order(selected);
    var resources = new ProjectResources(engine, progress);
    resources.ensureNetworks(p, selected.values());
    resources.ensureVolumes(p, selected.values());
    var images = new Images(engine, progress);
    Map<String, String> imageIds = new HashMap<>();
    for (Service s : order) imageIds.put(s.name(), images.ensure(p, s, o.build(), o.noBuild(), o.pullPolicy()));
    orphans(p, o.removeOrphans(), o);

    var toStart = new LinkedHashMap<String, List<String>>();
    var recreated = new HashSet<String>();
    for (Service s : order) toStart.put(s.name(), converge(p, s, imageIds.get(s.name()), o, recreated));
    if (!o.start()) return;
    var waited = new HashSet<String>();
    for (Service s : order) {
      List<String> names = toStart.get(s.name());
      // depends_on with restart: true: a recreated dependency restarts the dependent's running containers
      boolean restart = s.dependsOn().entrySet().stream().anyMatch(e -> e.getValue().restart() && recreated.contains(e.getKey()));
      if (names.isEmpty() && !restart) continue;
      waitForDependencies(p, s, selected, waited);
      if (restart) {
        for (ContainerSummary c : serviceContainers(p, s.name())) {
          String name = Planner.name(c);
          if (names.contains(name) || !c.state().equals("running")) continue;
          progress.event("Container", name, "Restarting");
          engine.stop(c.id(), o.timeout());
          engine.start(c.id());
          progress.event("Container", name, "Started");
        }
      }
      for (String name : names) {
        progress.event("Container", name, "Starting");
        engine.start(name);
        progress.event("Container", name, "Started");
      }
    }
    if (o.waitHealthy()) {
      for (Service s : order) {
        for (ContainerSummary c : serviceContainers(p, s.name())) awaitReady(Planner.name(c), s.healthcheck().isPresent());
      }
    }
  }

  /**
   * What a one-off container of {@code s} needs ({@code run}): its networks, volumes and image; the
   * image ID. The service's own containers are left as they are.
   */
  public String prepare(Project p, Service s, boolean build) {
    var resources = new ProjectResources(engine, progress);
    resources.ensureNetworks(p, List.of(s));
    resources.ensureVolumes(p, List.of(s));
    return new Images(engine, progress).ensure(p, s, build, false, "");
  }

  /** The project's non-oneoff containers of {@code service}, stopped ones too, by number. */
  List<ContainerSummary> serviceContainers(Project p, String service) {
    return engine.containers(p.name(), true).stream()
        .filter(c -> service.equals(c.labels().get(Labels.SERVICE)))
        .filter(c -> !"True".equals(c.labels().get(Labels.ONEOFF)))
        .sorted(java.util.Comparator.comparingInt(Planner::number)).toList();
  }

  /** Phase one for one service: its plan carried out; the names of the containers left to start. */
  private List<String> converge(Project p, Service s, String imageId, UpOptions o, Set<String> recreated) {
    String hash = ConfigHash.of(s, imageId);
    int scale = o.scale().getOrDefault(s.name(), s.scale());
    if (s.containerName().isPresent() && scale > 1) {
      progress.warn("The \"" + s.name() + "\" service is using the custom container name \"" + s.containerName().get()
          + "\". Docker requires each container to have a unique name. Remove the custom name to scale the service");
      scale = 1;
    }
    var toStart = new ArrayList<String>();
    for (Planner.Action a : Planner.plan(serviceContainers(p, s.name()), scale, hash, o.recreate())) {
      switch (a) {
        case Planner.Action.Keep k -> progress.event("Container", Planner.name(k.container()), "Running");
        case Planner.Action.Start st -> toStart.add(Planner.name(st.container()));
        case Planner.Action.Remove r -> {
          String name = Planner.name(r.container());
          progress.event("Container", name, "Stopping");
          engine.stop(r.container().id(), o.timeout());
          progress.event("Container", name, "Stopped");
          progress.event("Container", name, "Removing");
          engine.remove(r.container().id(), false, false);
          progress.event("Container", name, "Removed");
        }
        case Planner.Action.Recreate r -> {
          String name = Planner.name(r.container());
          progress.event("Container", name, "Recreate");
          engine.stop(r.container().id(), o.timeout());
          Map<String, String> inherited = engine.anonymousVolumes(r.container().id());
          // the old one steps aside under Compose's temporary name, so the new one can take its name
          engine.rename(r.container().id(), r.container().id().substring(0, Math.min(12, r.container().id().length()))
              + "_" + name);
          create(p, s, Planner.number(r.container()), hash, imageId,
              Map.of(Labels.CONTAINER_REPLACE, r.container().id()), inherited);
          engine.remove(r.container().id(), false, false);
          progress.event("Container", name, "Recreated");
          recreated.add(s.name());
          toStart.add(name);
        }
        case Planner.Action.Create c -> {
          String name = ContainerSpec.name(p, s, c.number());
          progress.event("Container", name, "Creating");
          create(p, s, c.number(), hash, imageId, Map.of(), Map.of());
          progress.event("Container", name, "Created");
          toStart.add(name);
        }
      }
    }
    return toStart;
  }

  private void create(Project p, Service s, int number, String hash, String imageId, Map<String, String> extraLabels,
      Map<String, String> inherited) {
    String name = ContainerSpec.name(p, s, number);
    var spec = ContainerSpec.of(p, s, number, false, hash, imageId, extraLabels, true, inherited);
    String id = engine.create(name, spec.request());
    spec.extraNetworks().forEach((net, endpoint) -> engine.connect(net, id, endpoint));
  }

  /** Containers of services no longer in the file (disabled ones are not orphans): removed or warned of. */
  private void orphans(Project p, boolean remove, UpOptions o) {
    var orphans = new ArrayList<ContainerSummary>();
    for (ContainerSummary c : engine.containers(p.name(), true)) {
      String svc = c.labels().getOrDefault(Labels.SERVICE, "");
      if ("True".equals(c.labels().get(Labels.ONEOFF))) continue;
      if (!p.services().containsKey(svc) && !p.disabled().containsKey(svc)) orphans.add(c);
    }
    if (orphans.isEmpty()) return;
    if (!remove) {
      progress.warn("Found orphan containers (" + orphans.stream().map(Planner::name).toList() + ") for this project. "
          + "If you removed or renamed this service in your compose file, you can run this command with the "
          + "--remove-orphans flag to clean it up.");
      return;
    }
    for (ContainerSummary c : orphans) {
      String name = Planner.name(c);
      progress.event("Container", name, "Stopping");
      engine.stop(c.id(), o.timeout());
      progress.event("Container", name, "Stopped");
      progress.event("Container", name, "Removing");
      engine.remove(c.id(), false, false);
      progress.event("Container", name, "Removed");
    }
  }

  /** Blocks until the conditions of {@code s}'s dependencies hold (each dependency is waited for once). */
  void waitForDependencies(Project p, Service s, Map<String, Service> selected, Set<String> waited) {
    for (var e : s.dependsOn().entrySet()) {
      String dep = e.getKey();
      String condition = e.getValue().condition();
      if (!selected.containsKey(dep) || condition.equals("service_started")) continue;
      if (!waited.add(dep + ":" + condition)) continue;
      for (ContainerSummary c : serviceContainers(p, dep)) {
        String name = Planner.name(c);
        progress.event("Container", name, "Waiting");
        if (condition.equals("service_healthy")) {
          awaitHealthy(name);
          progress.event("Container", name, "Healthy");
        } else if (condition.equals("service_completed_successfully")) {
          awaitExit(dep, name);
          progress.event("Container", name, "Exited");
        }
      }
    }
  }

  private void awaitHealthy(String name) {
    while (true) {
      Engine.Status st = engine.status(name);
      if (st.health().isEmpty()) {
        throw new ComposeException("dependency failed to start: container " + name + " has no healthcheck configured");
      }
      switch (st.health().get()) {
        case "healthy" -> { return; }
        case "unhealthy" -> throw new ComposeException("dependency failed to start: container " + name + " is unhealthy");
        default -> { }
      }
      if (st.state().equals("exited") || st.state().equals("dead")) {
        throw new ComposeException("dependency failed to start: container " + name + " exited (" + st.exitCode() + ")");
      }
      sleep();
    }
  }

  private void awaitExit(String service, String name) {
    while (true) {
      Engine.Status st = engine.status(name);
      if (st.state().equals("exited") || st.state().equals("dead")) {
        if (st.exitCode() != 0) {
          throw new ComposeException("service \"" + service + "\" didn't complete successfully: exit " + st.exitCode());
        }
        return;
      }
      sleep();
    }
  }

  /** {@code --wait}: running, and healthy when there is a healthcheck. */
  private void awaitReady(String name, boolean health) {
    progress.event("Container", name, "Waiting");
    while (true) {
      Engine.Status st = engine.status(name);
      if (st.state().equals("exited") || st.state().equals("dead")) {
        throw new ComposeException("container " + name + " exited (" + st.exitCode() + ")");
      }
      if (st.health().filter(h -> h.equals("unhealthy")).isPresent()) {
        throw new ComposeException("container " + name + " is unhealthy");
      }
      boolean ready = st.state().equals("running") && (st.health().isEmpty() || st.health().get().equals("healthy"));
      if (ready) {
        progress.event("Container", name, "Healthy");
        return;
      }
      sleep();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComposeException("interrupted", 130);
    }
  }
}
