package io.berth.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A create request as the user gave it, before the image's defaults are merged: an absent
 * {@code entrypoint}/{@code cmd} means "use the image's" (an explicit empty list clears it).
 */
public record CreateSpec(
    Optional<String> name,
    String image,
    Optional<List<String>> entrypoint,
    Optional<List<String>> cmd,
    List<String> env,
    Optional<String> workingDir,
    Optional<String> user,
    Optional<String> hostname,
    String domainname,
    Map<String, String> labels,
    boolean tty,
    boolean openStdin,
    boolean stdinOnce,
    boolean attachStdin,
    boolean attachStdout,
    boolean attachStderr,
    Optional<String> stopSignal,
    Optional<Integer> stopTimeout,
    boolean autoRemove,
    HostOptions host,
    Optional<HealthConfig> healthcheck,
    ResourceLimits resources) {

  public CreateSpec {
    resources = resources == null ? ResourceLimits.NONE : resources;
    host = host == null ? HostOptions.defaults() : host;
    healthcheck = healthcheck == null ? Optional.empty() : healthcheck;
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
  }

  /** Without resource limits. */
  public CreateSpec(Optional<String> name, String image, Optional<List<String>> entrypoint,
      Optional<List<String>> cmd, List<String> env, Optional<String> workingDir, Optional<String> user,
      Optional<String> hostname, String domainname, Map<String, String> labels, boolean tty, boolean openStdin,
      boolean stdinOnce, boolean attachStdin, boolean attachStdout, boolean attachStderr,
      Optional<String> stopSignal, Optional<Integer> stopTimeout, boolean autoRemove, HostOptions host,
      Optional<HealthConfig> healthcheck) {
    this(name, image, entrypoint, cmd, env, workingDir, user, hostname, domainname, labels, tty, openStdin, stdinOnce,
        attachStdin, attachStdout, attachStderr, stopSignal, stopTimeout, autoRemove, host, healthcheck,
        ResourceLimits.NONE);
  }
}
