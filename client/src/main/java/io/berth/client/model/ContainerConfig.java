package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The portable part of a container's configuration (swagger {@code ContainerConfig}); also the
 * {@code Config} of an image inspect. {@code stopTimeout} is absent unless set, as in docker.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ContainerConfig(
    String hostname, String domainname, String user,
    boolean attachStdin, boolean attachStdout, boolean attachStderr,
    Map<String, Object> exposedPorts, boolean tty, boolean openStdin, boolean stdinOnce,
    List<String> env, List<String> cmd, String image, Map<String, Object> volumes,
    String workingDir, List<String> entrypoint, Map<String, String> labels,
    Optional<String> stopSignal, Optional<Integer> stopTimeout) {
  public ContainerConfig {
    hostname = Zero.str(hostname);
    domainname = Zero.str(domainname);
    user = Zero.str(user);
    exposedPorts = Zero.map(exposedPorts);
    env = Zero.list(env);
    cmd = Zero.list(cmd);
    image = Zero.str(image);
    volumes = Zero.map(volumes);
    workingDir = Zero.str(workingDir);
    entrypoint = Zero.list(entrypoint);
    labels = Zero.map(labels);
    stopSignal = stopSignal == null ? Optional.empty() : stopSignal;
    stopTimeout = stopTimeout == null ? Optional.empty() : stopTimeout;
  }

  public static ContainerConfig empty() {
    return new ContainerConfig(null, null, null, false, false, false, null, false, false, false,
        null, null, null, null, null, null, null, null, null);
  }
}
