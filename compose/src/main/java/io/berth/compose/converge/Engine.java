package io.berth.compose.converge;

import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.compose.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What the converger asks of the engine: a narrow port, so planning can be tested against an
 * in-memory engine and the real one is a thin wrapper of the client ({@link ClientEngine}).
 * Failures are the client's {@code EngineException}s (or any runtime exception of a fake).
 */
public interface Engine {
  /** A container's state as the converger needs it; {@code health} empty without a healthcheck. */
  record Status(String state, int exitCode, Optional<String> health, String imageId) {}

  /** Containers with the label {@code com.docker.compose.project=<project>}; stopped ones too when {@code all}. */
  List<ContainerSummary> containers(String project, boolean all);

  Status status(String id);

  /** The anonymous volumes mounted in a container: destination → volume name (kept across a recreate). */
  Map<String, String> anonymousVolumes(String id);

  /** Creates a container named {@code name}; its ID. */
  String create(String name, ContainerCreateRequest request);

  void connect(String network, String container, EndpointSettings endpoint);

  void start(String id);

  void stop(String id, OptionalInt timeoutSeconds);

  void kill(String id, Optional<String> signal);

  void remove(String id, boolean force, boolean volumes);

  void rename(String id, String name);

  /** The labels of the network {@code name}, empty when there is none. */
  Optional<Map<String, String>> network(String name);

  void createNetwork(NetworkCreateRequest request);

  void removeNetwork(String name);

  /** Names of the networks with the project's label. */
  List<String> networks(String project);

  /** The labels of the volume {@code name}, empty when there is none. */
  Optional<Map<String, String>> volume(String name);

  void createVolume(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels);

  void removeVolume(String name);

  /** Names of the volumes with the project's label. */
  List<String> volumes(String project);

  /** The ID of the image {@code ref}, empty when the engine has none. */
  Optional<String> imageId(String ref);

  /** Pulls {@code ref}, reporting the registry's progress lines. */
  void pull(String ref, Consumer<String> progress);

  /** Builds the image {@code tag} from {@code build}, reporting the builder's output lines. */
  void build(Service.Build build, String tag, Consumer<String> progress);

  void removeImage(String ref);
}
