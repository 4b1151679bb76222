package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.berth.client.json.JsonFields;
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
    Optional<String> stopSignal, Optional<Integer> stopTimeout, Optional<Healthcheck> healthcheck) {
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
    healthcheck = healthcheck == null ? Optional.empty() : healthcheck;
  }

  /** A config without a healthcheck. */
  public ContainerConfig(String hostname, String domainname, String user,
      boolean attachStdin, boolean attachStdout, boolean attachStderr,
      Map<String, Object> exposedPorts, boolean tty, boolean openStdin, boolean stdinOnce,
      List<String> env, List<String> cmd, String image, Map<String, Object> volumes,
      String workingDir, List<String> entrypoint, Map<String, String> labels,
      Optional<String> stopSignal, Optional<Integer> stopTimeout) {
    this(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin, stdinOnce,
        env, cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, Optional.empty());
  }

  public static ContainerConfig empty() {
    return new ContainerConfig(null, null, null, false, false, false, null, false, false, false,
        null, null, null, null, null, null, null, null, null);
  }

  public static ContainerConfig fromJson(JsonFields f) {
    return new ContainerConfig(f.string("Hostname"), f.string("Domainname"), f.string("User"),
        f.bool("AttachStdin"), f.bool("AttachStdout"), f.bool("AttachStderr"), f.objectMap("ExposedPorts"),
        f.bool("Tty"), f.bool("OpenStdin"), f.bool("StdinOnce"), f.strings("Env"), f.strings("Cmd"),
        f.string("Image"), f.objectMap("Volumes"), f.string("WorkingDir"), f.strings("Entrypoint"),
        f.stringMap("Labels"), f.optString("StopSignal"), f.optInt("StopTimeout"),
        f.has("Healthcheck") ? Optional.of(Healthcheck.fromJson(f.object("Healthcheck"))) : Optional.empty());
  }

  /** The wire form, fields in swagger order; unset stop signal, timeout and healthcheck are omitted. */
  public Map<String, Object> toJson() {
    return fields(Wire.obj()).build();
  }

  /** Adds this config's fields to {@code o} (the create request has them at its top level). */
  Wire.Obj fields(Wire.Obj o) {
    return o.put("Hostname", hostname).put("Domainname", domainname).put("User", user)
        .put("AttachStdin", attachStdin).put("AttachStdout", attachStdout).put("AttachStderr", attachStderr)
        .putSorted("ExposedPorts", exposedPorts).put("Tty", tty).put("OpenStdin", openStdin).put("StdinOnce", stdinOnce)
        .put("Env", env).put("Cmd", cmd).putIfPresent("Healthcheck", healthcheck.map(Healthcheck::toJson)).put("Image", image).putSorted("Volumes", volumes)
        .put("WorkingDir", workingDir).put("Entrypoint", entrypoint).putSorted("Labels", labels)
        .putIfPresent("StopSignal", stopSignal).putIfPresent("StopTimeout", stopTimeout);
  }
}
