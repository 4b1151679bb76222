package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.client.ContainerListOptions;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.json.JsonFields;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.client.model.NetworkResource;
import io.berth.compose.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The {@link Engine} of a real daemon, through the client. {@link #build} needs a context tar, which
 * the CLI knows how to make: it overrides that method.
 */
public class ClientEngine implements Engine {
  protected final EngineClient client;

  public ClientEngine(EngineClient client) { this.client = client; }

  public EngineClient client() { return client; }

  private static Map<String, List<String>> projectLabel(String project) {
    return Map.of("label", List.of(Labels.projectFilter(project)));
  }

  @Override public List<ContainerSummary> containers(String project, boolean all) {
    return client.listContainers(new ContainerListOptions(all, -1, false, projectLabel(project)));
  }

  @Override public Status status(String id) {
    JsonFields doc = JsonFields.of(client.inspectContainerDocument(id));
    JsonFields state = doc.object("State");
    Optional<String> health = state.has("Health") ? state.object("Health").optString("Status") : Optional.empty();
    return new Status(state.string("Status"), state.integer("ExitCode"), health, doc.string("Image"));
  }

  @Override public Map<String, String> anonymousVolumes(String id) {
    var out = new java.util.LinkedHashMap<String, String>();
    Object mounts = client.inspectContainerDocument(id).get("Mounts");
    if (mounts instanceof List<?> list) {
      for (Object m : list) {
        JsonFields f = JsonFields.of(m);
        // an anonymous volume's name is a random 64-hex ID
        if (f.string("Type").equals("volume") && f.string("Name").matches("[0-9a-f]{64}")) {
          out.put(f.string("Destination"), f.string("Name"));
        }
      }
    }
    return out;
  }

  @Override public String create(String name, ContainerCreateRequest request) {
    return client.createContainer(request, Optional.of(name)).id();
  }

  @Override public void connect(String network, String container, EndpointSettings endpoint) {
    client.networks().connect(network, container, endpoint);
  }

  @Override public void start(String id) { client.startContainer(id); }

  @Override public void stop(String id, OptionalInt timeoutSeconds) {
    client.stopContainer(id, timeoutSeconds, Optional.empty());
  }

  @Override public void kill(String id, Optional<String> signal) { client.killContainer(id, signal); }

  @Override public void remove(String id, boolean force, boolean volumes) { client.removeContainer(id, force, volumes); }

  @Override public void rename(String id, String name) { client.renameContainer(id, name); }

  @Override public Optional<Map<String, String>> network(String name) {
    try {
      NetworkResource n = client.networks().inspect(name);
      // inspect also matches an ID prefix; compose wants the name
      return n.name().equals(name) ? Optional.of(n.labels()) : Optional.empty();
    } catch (EngineException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  @Override public void createNetwork(NetworkCreateRequest request) { client.networks().create(request); }

  @Override public void removeNetwork(String name) { client.networks().remove(name); }

  @Override public List<String> networks(String project) {
    return client.networks().list(projectLabel(project)).stream().map(NetworkResource::name).toList();
  }

  @Override public Optional<Map<String, String>> volume(String name) {
    try {
      return Optional.of(client.volumes().inspect(name).labels());
    } catch (EngineException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  @Override public void createVolume(String name, String driver, Map<String, String> driverOpts,
      Map<String, String> labels) {
    client.volumes().create(new io.berth.client.model.VolumeCreateRequest(name, driver == null || driver.isEmpty() ? "local" : driver,
        driverOpts, labels));
  }

  @Override public void removeVolume(String name) { client.volumes().remove(name, false); }

  @Override public List<String> volumes(String project) {
    return client.volumes().list(projectLabel(project)).stream().map(v -> v.name()).toList();
  }

  @Override public Optional<String> imageId(String ref) {
    try {
      return Optional.of(client.inspectImage(ref).id());
    } catch (EngineException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  @Override public void pull(String ref, Consumer<String> progress) {
    int colon = ref.lastIndexOf(':');
    boolean hasTag = colon > ref.lastIndexOf('/') && !ref.contains("@");
    String name = hasTag ? ref.substring(0, colon) : ref;
    Optional<String> tag = hasTag ? Optional.of(ref.substring(colon + 1)) : ref.contains("@") ? Optional.empty()
        : Optional.of("latest");
    try (var stream = client.pull(name, tag, Optional.empty(), "")) {
      while (stream.hasNext()) {
        var m = stream.next();
        if (m.error().isPresent()) throw new ComposeException(m.error().get().message());
        if (!m.status().isEmpty()) progress.accept(m.id().isEmpty() ? m.status() : m.id() + " " + m.status());
      }
    }
  }

  @Override public void build(Service.Build build, String tag, Consumer<String> progress) {
    throw new ComposeException("building images is not available here");
  }

  @Override public void removeImage(String ref) { client.removeImage(ref, false, false); }
}
