package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.client.model.ContainerSummary;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code down}, {@code start}, {@code stop}, {@code restart} and {@code rm} over a project's
 * containers, found by their labels. Stops go in reverse dependency order, starts in order.
 */
public final class Lifecycle {
  private final Engine engine;
  private final Progress progress;

  public Lifecycle(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  /** {@code down}: {@code rmi} is {@code local}, {@code all} or empty. */
  public record DownOptions(boolean removeOrphans, boolean volumes, Optional<String> rmi, OptionalInt timeout) {}

  /** Every service the project knows (active and disabled), in dependency order. */
  private static List<String> order(Project p) {
    var all = new LinkedHashMap<String, Service>(p.services());
    all.putAll(p.disabled());
    return DependencyOrder.order(all).stream().map(Service::name).toList();
  }

  /** The project's containers (oneoff ones when asked), grouped by service in dependency order; orphans last. */
  private Map<String, List<ContainerSummary>> byService(Project p, List<String> services, boolean oneoff) {
    var out = new LinkedHashMap<String, List<ContainerSummary>>();
    for (String s : order(p)) if (services.isEmpty() || services.contains(s)) out.put(s, new ArrayList<>());
    for (ContainerSummary c : engine.containers(p.name(), true)) {
      if (!oneoff && "True".equals(c.labels().get(Labels.ONEOFF))) continue;
      String svc = c.labels().getOrDefault(Labels.SERVICE, "");
      if (!services.isEmpty() && !services.contains(svc)) continue;
      out.computeIfAbsent(svc, k -> new ArrayList<>()).add(c);
    }
    out.values().forEach(l -> l.sort(Comparator.comparingInt(Planner::number)));
    return out;
  }

  private static boolean known(Project p, String service) {
    return p.services().containsKey(service) || p.disabled().containsKey(service);
  }

  public void down(Project p, DownOptions o) {
    var groups = byService(p, List.of(), true);
    var orphans = new ArrayList<String>();
    List<String> services = new ArrayList<>(groups.keySet());
    java.util.Collections.reverse(services);
    for (String svc : services) {
      for (ContainerSummary c : groups.get(svc)) {
        if (!known(p, svc) && !o.removeOrphans()) {
          orphans.add(Planner.name(c));
          continue;
        }
        remove(c, true, o.volumes(), o.timeout());
      }
    }
    if (!orphans.isEmpty()) {
      progress.warn("Found orphan containers (" + orphans + ") for this project. If you removed or renamed this "
          + "service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
    }
    var resources = new ProjectResources(engine, progress);
    resources.removeNetworks(p);
    if (o.volumes()) resources.removeVolumes(p);
    o.rmi().ifPresent(mode -> {
      var seen = new java.util.LinkedHashSet<String>();
      for (Service s : p.services().values()) {
        if (mode.equals("local") && s.image().isPresent()) continue;
        String ref = ContainerSpec.image(p, s);
        if (!seen.add(ref) || engine.imageId(ref).isEmpty()) continue;
        progress.event("Image", ref, "Removing");
        engine.removeImage(ref);
        progress.event("Image", ref, "Removed");
      }
    });
  }

  private void remove(ContainerSummary c, boolean stopFirst, boolean volumes, OptionalInt timeout) {
    String name = Planner.name(c);
    if (stopFirst && (c.state().equals("running") || c.state().equals("paused") || c.state().equals("restarting"))) {
      progress.event("Container", name, "Stopping");
      engine.stop(c.id(), timeout);
      progress.event("Container", name, "Stopped");
    }
    // an anonymous volume a recreated container inherited is mounted by name, so the engine's rm -v
    // keeps it: removed here, once no container uses it
    var anonymous = volumes ? engine.anonymousVolumes(c.id()).values() : List.<String>of();
    progress.event("Container", name, "Removing");
    engine.remove(c.id(), false, volumes);
    progress.event("Container", name, "Removed");
    for (String v : anonymous) {
      if (engine.volume(v).isEmpty()) continue;
      try {
        engine.removeVolume(v);
      } catch (RuntimeException e) {
        // still in use by another container: the engine keeps it, as Compose's down would
      }
    }
  }

  /** {@code stop}: running containers of the services (all when none), dependents first. */
  public void stop(Project p, List<String> services, OptionalInt timeout) {
    var groups = byService(p, services, false);
    List<String> keys = new ArrayList<>(groups.keySet());
    java.util.Collections.reverse(keys);
    for (String svc : keys) {
      for (ContainerSummary c : groups.get(svc)) {
        if (!c.state().equals("running") && !c.state().equals("paused") && !c.state().equals("restarting")) continue;
        String name = Planner.name(c);
        progress.event("Container", name, "Stopping");
        engine.stop(c.id(), timeout);
        progress.event("Container", name, "Stopped");
      }
    }
  }

  /** {@code start}: containers of the services that are not running, dependencies first. */
  public void start(Project p, List<String> services) {
    var groups = byService(p, services, false);
    boolean any = groups.values().stream().anyMatch(l -> !l.isEmpty());
    if (!any) throw new ComposeException("service \"" + (services.isEmpty() ? "" : services.getFirst())
        + "\" has no container to start");
    for (var e : groups.entrySet()) {
      for (ContainerSummary c : e.getValue()) {
        if (c.state().equals("running")) continue;
        String name = Planner.name(c);
        progress.event("Container", name, "Starting");
        engine.start(c.id());
        progress.event("Container", name, "Started");
      }
    }
  }

  /** {@code restart}: every container of the services, stopped then started, in dependency order. */
  public void restart(Project p, List<String> services, OptionalInt timeout) {
    for (var e : byService(p, services, false).entrySet()) {
      for (ContainerSummary c : e.getValue()) {
        String name = Planner.name(c);
        progress.event("Container", name, "Restarting");
        if (c.state().equals("running")) engine.stop(c.id(), timeout);
        engine.start(c.id());
        progress.event("Container", name, "Started");
      }
    }
  }

  /** The containers {@code rm} would remove: stopped ones (all when {@code stopFirst}), oneoff ones too. */
  public List<ContainerSummary> removable(Project p, List<String> services, boolean stopFirst) {
    var out = new ArrayList<ContainerSummary>();
    for (var l : byService(p, services, true).values()) {
      for (ContainerSummary c : l) if (stopFirst || !c.state().equals("running")) out.add(c);
    }
    return out;
  }

  /** {@code rm}: removes the containers {@link #removable} chose. */
  public void rm(List<ContainerSummary> containers, boolean stopFirst, boolean volumes, OptionalInt timeout) {
    for (ContainerSummary c : containers) remove(c, stopFirst, volumes, timeout);
  }
}
