package io.berth.engine.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One build as {@code POST /build} asks for it.
 *
 * @param context     the extracted build context
 * @param dockerfile  the Dockerfile's name as given ({@code Dockerfile} by default), for messages
 * @param dockerfilePath where that file is (in the context, or set aside when .dockerignore excludes it)
 * @param buildArgs   {@code --build-arg} values; an empty value is "declared without a value"
 * @param target      the stage to build; empty: the last
 * @param networkMode {@code host} (also what {@code default}/{@code bridge} mean until Berth has bridge
 *                    networks: RUN must reach package mirrors) or {@code none}
 * @param shmSize     bytes of {@code /dev/shm} for RUN containers; 0 for the default
 */
public record BuildRequest(Path context, String dockerfile, Path dockerfilePath, List<String> tags, Map<String, Optional<String>> buildArgs,
    Map<String, String> labels, Optional<String> target, boolean noCache, boolean quiet, boolean removeIntermediate,
    boolean forceRemove, String networkMode, long shmSize, List<String> extraHosts) {

  public BuildRequest {
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    extraHosts = List.copyOf(extraHosts);
  }
}
