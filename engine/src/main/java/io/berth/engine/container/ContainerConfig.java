package io.berth.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user asked for at create time (the domain form of the API's Config + HostConfig), with the
 * image's defaults already merged in: {@code entrypoint}/{@code cmd}/{@code env}/{@code workingDir}/
 * {@code user} are the effective values. {@code image} is the reference as the user typed it.
 */
public record ContainerConfig(
    String image,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    String workingDir,
    String user,
    String hostname,
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

  public ContainerConfig {
    host = host == null ? HostOptions.defaults() : host;
    resources = resources == null ? ResourceLimits.NONE : resources; // rows stored before resources existed
    healthcheck = healthcheck == null ? Optional.empty() : healthcheck;
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
  }

  /** Without resource limits. */
  public ContainerConfig(String image, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
      String user, String hostname, String domainname, Map<String, String> labels, boolean tty, boolean openStdin,
      boolean stdinOnce, boolean attachStdin, boolean attachStdout, boolean attachStderr, Optional<String> stopSignal,
      Optional<Integer> stopTimeout, boolean autoRemove, HostOptions host, Optional<HealthConfig> healthcheck) {
    this(image, entrypoint, cmd, env, workingDir, user, hostname, domainname, labels, tty, openStdin, stdinOnce,
        attachStdin, attachStdout, attachStderr, stopSignal, stopTimeout, autoRemove, host, healthcheck,
        ResourceLimits.NONE);
  }

  /** A copy with {@code r} as its resource limits. */
  public ContainerConfig withResources(ResourceLimits r) {
    return new ContainerConfig(image, entrypoint, cmd, env, workingDir, user, hostname, domainname, labels, tty,
        openStdin, stdinOnce, attachStdin, attachStdout, attachStderr, stopSignal, stopTimeout, autoRemove, host,
        healthcheck, r);
  }

  /** A copy with {@code h} as its host options. */
  public ContainerConfig withHost(HostOptions h) {
    return new ContainerConfig(image, entrypoint, cmd, env, workingDir, user, hostname, domainname, labels, tty,
        openStdin, stdinOnce, attachStdin, attachStdout, attachStderr, stopSignal, stopTimeout, autoRemove, h,
        healthcheck, resources);
  }

  /** The process to run: entrypoint followed by cmd (Docker's rule). */
  public List<String> args() {
    var all = new java.util.ArrayList<String>(entrypoint);
    all.addAll(cmd);
    return List.copyOf(all);
  }
}
