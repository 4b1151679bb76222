package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.client.model.NetworkCreateRequest;
import io.berth.client.model.NetworkResource;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The project's networks and volumes: created when missing, reused when the project made them. */
final class ProjectResources {
  private final Engine engine;
  private final Progress progress;

  ProjectResources(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  /** The top-level network keys the services use, in file order (the implicit {@code default} first). */
  static Set<String> networkKeys(Project p, Iterable<Service> services) {
    var keys = new LinkedHashSet<String>();
    for (Service s : services) keys.addAll(ContainerSpec.networks(s).keySet());
    return keys;
  }

  /** The top-level named volume keys the services use. */
  static Set<String> volumeKeys(Project p, Iterable<Service> services) {
    var keys = new LinkedHashSet<String>();
    for (Service s : services) {
      for (Service.ServiceVolume v : s.volumes()) {
        if (v.type().equals("volume") && v.source().isPresent() && p.volumes().containsKey(v.source().get())) {
          keys.add(v.source().get());
        }
      }
    }
    return keys;
  }

  void ensureNetworks(Project p, Iterable<Service> services) {
    for (String key : networkKeys(p, services)) {
      var def = p.networks().get(key);
      String name = ContainerSpec.networkName(p, key);
      var existing = engine.network(name);
      if (def != null && def.external()) {
        if (existing.isEmpty()) throw new ComposeException("network " + name + " declared as external, but could not be found");
        continue;
      }
      if (existing.isPresent()) {
        String owner = existing.get().getOrDefault(Labels.PROJECT, "");
        if (!owner.equals(p.name())) {
          progress.warn("a network with name " + name + " exists but was not created for project \"" + p.name()
              + "\".\nSet `external: true` to use an existing network");
        }
        continue;
      }
      var labels = new LinkedHashMap<String, String>();
      if (def != null) labels.putAll(def.labels());
      labels.put(Labels.NETWORK, key);
      labels.put(Labels.PROJECT, p.name());
      labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
      var ipam = new ArrayList<NetworkResource.IpamConfig>();
      if (def != null) {
        for (Project.Subnet s : def.ipam()) {
          ipam.add(new NetworkResource.IpamConfig(s.subnet(), s.ipRange().orElse(""), s.gateway().orElse(""), Map.of()));
        }
      }
      var request = new NetworkCreateRequest(name, def == null ? "bridge" : def.driver().isEmpty() ? "bridge" : def.driver(),
          null, null, new NetworkCreateRequest.Ipam("default", Map.of(), ipam), def != null && def.internal(),
          def != null && def.attachable(), def == null ? Map.of() : def.driverOpts(), labels);
      progress.event("Network", name, "Creating");
      engine.createNetwork(request);
      progress.event("Network", name, "Created");
    }
  }

  void ensureVolumes(Project p, Iterable<Service> services) {
    for (String key : volumeKeys(p, services)) {
      var def = p.volumes().get(key);
      var existing = engine.volume(def.name());
      if (def.external()) {
        if (existing.isEmpty()) throw new ComposeException("external volume \"" + def.name() + "\" not found");
        continue;
      }
      if (existing.isPresent()) {
        if (!p.name().equals(existing.get().get(Labels.PROJECT))) {
          progress.warn("volume \"" + def.name() + "\" already exists but was not created by Docker Compose. "
              + "Use `external: true` to use an existing volume");
        }
        continue;
      }
      var labels = new LinkedHashMap<String, String>(def.labels());
      labels.put(Labels.PROJECT, p.name());
      labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
      labels.put(Labels.VOLUME, key);
      progress.event("Volume", def.name(), "Creating");
      engine.createVolume(def.name(), def.driver(), def.driverOpts(), labels);
      progress.event("Volume", def.name(), "Created");
    }
  }

  /** {@code down}: the project's networks that exist, are not external and carry its label. */
  void removeNetworks(Project p) {
    var names = new LinkedHashSet<String>();
    for (String key : networkKeys(p, p.services().values())) names.add(ContainerSpec.networkName(p, key));
    for (var def : p.networks().values()) if (!def.external()) names.add(def.name());
    for (String name : names) {
      var def = p.networks().values().stream().filter(d -> d.name().equals(name)).findFirst();
      if (def.isPresent() && def.get().external()) continue;
      var existing = engine.network(name);
      if (existing.isEmpty() || !p.name().equals(existing.get().get(Labels.PROJECT))) continue;
      progress.event("Network", name, "Removing");
      engine.removeNetwork(name);
      progress.event("Network", name, "Removed");
    }
  }

  /** {@code down -v}: the project's named volumes (not external). */
  void removeVolumes(Project p) {
    List<String> labelled = engine.volumes(p.name());
    for (var def : p.volumes().values()) {
      if (def.external() || !labelled.contains(def.name())) continue;
      progress.event("Volume", def.name(), "Removing");
      engine.removeVolume(def.name());
      progress.event("Volume", def.name(), "Removed");
    }
  }
}
