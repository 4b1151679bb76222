package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The host-specific part of a container's configuration; the subset berth's CLI sets or reads. */
public record HostConfig(
    List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
    boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
    Optional<Boolean> init, Optional<LogConfig> logConfig) {
  public HostConfig {
    binds = Zero.list(binds);
    networkMode = Zero.str(networkMode);
    restartPolicy = restartPolicy == null ? new RestartPolicy("", 0) : restartPolicy;
    dns = Zero.list(dns);
    extraHosts = Zero.list(extraHosts);
    init = init == null ? Optional.empty() : init;
    logConfig = logConfig == null ? Optional.empty() : logConfig;
  }

  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts, Optional<Boolean> init) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init, Optional.empty());
  }

  public static HostConfig empty() {
    return new HostConfig(null, null, null, false, false, false, null, null, null);
  }

  public HostConfig withAutoRemove(boolean remove) {
    return new HostConfig(binds, networkMode, restartPolicy, remove, privileged, readonlyRootfs, dns, extraHosts, init,
        logConfig);
  }

  public static HostConfig fromJson(JsonFields f) {
    return new HostConfig(f.strings("Binds"), f.string("NetworkMode"), RestartPolicy.fromJson(f.object("RestartPolicy")),
        f.bool("AutoRemove"), f.bool("Privileged"), f.bool("ReadonlyRootfs"), f.strings("Dns"), f.strings("ExtraHosts"),
        f.optBool("Init"), f.has("LogConfig") ? Optional.of(LogConfig.fromJson(f.object("LogConfig"))) : Optional.empty());
  }

  /** The wire form; an unset {@code Init} or {@code LogConfig} is omitted. */
  public Map<String, Object> toJson() {
    return Wire.obj().put("Binds", binds).put("NetworkMode", networkMode).put("RestartPolicy", restartPolicy.toJson())
        .put("AutoRemove", autoRemove).put("Privileged", privileged).put("ReadonlyRootfs", readonlyRootfs)
        .put("Dns", dns).put("ExtraHosts", extraHosts).putIfPresent("Init", init)
        .putIfPresent("LogConfig", logConfig.map(LogConfig::toJson)).build();
  }
}
