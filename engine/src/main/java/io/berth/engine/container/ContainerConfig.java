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
    Optional<HealthConfig> healthcheck) {

  public ContainerConfig {
    host = host == null ? HostOptions.defaults() : host;
    healthcheck = healthcheck == null ? Optional.empty() : healthcheck;
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
  }

  /** The process to run: entrypoint followed by cmd (Docker's rule). */
  public List<String> args() {
    var all = new java.util.ArrayList<String>(entrypoint);
    all.addAll(cmd);
    return List.copyOf(all);
  }
}
