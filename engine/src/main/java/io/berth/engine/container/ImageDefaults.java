package io.berth.engine.container;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container takes from its image: the image ID, the snapshot to stack its writable layer on
 * (the top layer's chain ID, empty for an image without layers), and the config defaults.
 * {@code exposedPorts} are the image's {@code ExposedPorts} keys ({@code 80/tcp}), {@code volumes} its
 * {@code VOLUME} paths (each becomes an anonymous volume).
 */
public record ImageDefaults(Digest imageId, Optional<String> topSnapshot, List<String> entrypoint,
    List<String> cmd, List<String> env, String workingDir, String user, Map<String, String> labels,
    Optional<String> stopSignal, Optional<HealthConfig> healthcheck, List<String> exposedPorts, List<String> volumes) {
  public ImageDefaults {
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }

  /** Without volumes. */
  public ImageDefaults(Digest imageId, Optional<String> topSnapshot, List<String> entrypoint, List<String> cmd,
      List<String> env, String workingDir, String user, Map<String, String> labels, Optional<String> stopSignal,
      Optional<HealthConfig> healthcheck, List<String> exposedPorts) {
    this(imageId, topSnapshot, entrypoint, cmd, env, workingDir, user, labels, stopSignal, healthcheck, exposedPorts,
        List.of());
  }

  /** Without exposed ports. */
  public ImageDefaults(Digest imageId, Optional<String> topSnapshot, List<String> entrypoint, List<String> cmd,
      List<String> env, String workingDir, String user, Map<String, String> labels, Optional<String> stopSignal,
      Optional<HealthConfig> healthcheck) {
    this(imageId, topSnapshot, entrypoint, cmd, env, workingDir, user, labels, stopSignal, healthcheck, List.of(),
        List.of());
  }
}
