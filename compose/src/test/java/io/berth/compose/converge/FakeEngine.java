package io.berth.compose.converge;

import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** An in-memory engine: containers, networks, volumes and images as maps; every mutating call logged. */
final class FakeEngine implements Engine {
  static final class Ctr {
    final String id;
    String name;
    final Map<String, String> labels;
    String state = "created";
    int exitCode;
    Optional<String> health = Optional.empty();
    final ContainerCreateRequest request;

    Ctr(String id, String name, ContainerCreateRequest request) {
      this.id = id;
      this.name = name;
      this.request = request;
      this.labels = request.config().labels();
    }
  }

  final Map<String, Ctr> containers = new LinkedHashMap<>();
  final Map<String, Map<String, String>> networks = new LinkedHashMap<>();
  final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
  final Map<String, String> images = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  /** Health a container reports once started, by service. */
  final Map<String, String> healthOnStart = new LinkedHashMap<>();
  /** Services whose containers exit with this code as soon as they start. */
  final Map<String, Integer> exitOnStart = new LinkedHashMap<>();
  private int next = 1;

  FakeEngine image(String ref, String id) { images.put(ref, id); return this; }

  Ctr byName(String name) {
    return containers.values().stream().filter(c -> c.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no container " + name));
  }

  private Ctr find(String ref) {
    Ctr c = containers.get(ref);
    return c != null ? c : byName(ref);
  }

  @Override public List<ContainerSummary> containers(String project, boolean all) {
    var out = new ArrayList<ContainerSummary>();
    for (Ctr c : containers.values()) {
      if (!project.equals(c.labels.get(Labels.PROJECT))) continue;
      if (!all && !c.state.equals("running")) continue;
      out.add(new ContainerSummary(c.id, List.of("/" + c.name), c.request.config().image(), "", "", 0, List.of(),
          c.labels, c.state, c.state, 0, 0));
    }
    return out;
  }

  @Override public Status status(String id) {
    Ctr c = find(id);
    return new Status(c.state, c.exitCode, c.health, "");
  }

  /** Anonymous volumes by container name, as an inspect would show them. */
  final Map<String, Map<String, String>> anonymous = new LinkedHashMap<>();

  @Override public Map<String, String> anonymousVolumes(String id) {
    return anonymous.getOrDefault(find(id).name, Map.of());
  }

  @Override public String create(String name, ContainerCreateRequest request) {
    if (containers.values().stream().anyMatch(c -> c.name.equals(name))) {
      throw new IllegalStateException("Conflict. The container name \"/" + name + "\" is already in use");
    }
    String id = String.format("%064x", next++);
    containers.put(id, new Ctr(id, name, request));
    calls.add("create " + name);
    return id;
  }

  @Override public void connect(String network, String container, EndpointSettings endpoint) {
    calls.add("connect " + network + " " + find(container).name);
  }

  @Override public void start(String id) {
    Ctr c = find(id);
    c.state = "running";
    String h = healthOnStart.get(c.labels.get(Labels.SERVICE));
    if (h != null) c.health = Optional.of(h);
    Integer exit = exitOnStart.get(c.labels.get(Labels.SERVICE));
    if (exit != null) {
      c.state = "exited";
      c.exitCode = exit;
    }
    calls.add("start " + c.name);
  }

  @Override public void stop(String id, OptionalInt timeoutSeconds) {
    Ctr c = find(id);
    c.state = "exited";
    calls.add("stop " + c.name);
  }

  @Override public void kill(String id, Optional<String> signal) { stop(id, OptionalInt.empty()); }

  @Override public void remove(String id, boolean force, boolean volumes) {
    Ctr c = find(id);
    containers.remove(c.id);
    calls.add("remove " + c.name);
  }

  @Override public void rename(String id, String name) {
    Ctr c = find(id);
    calls.add("rename " + c.name + " " + name);
    c.name = name;
  }

  @Override public Optional<Map<String, String>> network(String name) { return Optional.ofNullable(networks.get(name)); }

  @Override public void createNetwork(NetworkCreateRequest request) {
    networks.put(request.name(), request.labels());
    calls.add("network create " + request.name());
  }

  @Override public void removeNetwork(String name) {
    networks.remove(name);
    calls.add("network rm " + name);
  }

  @Override public List<String> networks(String project) {
    return networks.entrySet().stream().filter(e -> project.equals(e.getValue().get(Labels.PROJECT))).map(Map.Entry::getKey).toList();
  }

  @Override public Optional<Map<String, String>> volume(String name) { return Optional.ofNullable(volumes.get(name)); }

  @Override public void createVolume(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    volumes.put(name, labels);
    calls.add("volume create " + name);
  }

  @Override public void removeVolume(String name) {
    volumes.remove(name);
    calls.add("volume rm " + name);
  }

  @Override public List<String> volumes(String project) {
    return volumes.entrySet().stream().filter(e -> project.equals(e.getValue().get(Labels.PROJECT))).map(Map.Entry::getKey).toList();
  }

  @Override public Optional<String> imageId(String ref) { return Optional.ofNullable(images.get(ref)); }

  @Override public void pull(String ref, Consumer<String> progress) {
    images.put(ref, "sha256:" + Integer.toHexString(ref.hashCode()));
    calls.add("pull " + ref);
  }

  @Override public void build(Service.Build build, String tag, Consumer<String> progress) {
    images.put(tag, "sha256:built-" + tag);
    calls.add("build " + tag);
  }

  @Override public void removeImage(String ref) {
    images.remove(ref);
    calls.add("rmi " + ref);
  }
}
