package io.berth.engine.container;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container takes from its image: the image ID, the snapshot to stack its writable layer on
 * (the top layer's chain ID, empty for an image without layers), and the config defaults.
 */
public record ImageDefaults(Digest imageId, Optional<String> topSnapshot, List<String> entrypoint,
    List<String> cmd, List<String> env, String workingDir, String user, Map<String, String> labels,
    Optional<String> stopSignal, Optional<HealthConfig> healthcheck) {}
