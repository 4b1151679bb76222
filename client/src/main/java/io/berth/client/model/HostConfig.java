package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The host-specific part of a container's configuration; the subset berth's CLI sets or reads. */
public record HostConfig(
    List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
    boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
    Optional<Boolean> init, Map<String, List<PortBinding>> portBindings, boolean publishAllPorts) {
  public HostConfig {
    binds = Zero.list(binds);
    networkMode = Zero.str(networkMode);
    restartPolicy = restartPolicy == null ? new RestartPolicy("", 0) : restartPolicy;
    dns = Zero.list(dns);
    extraHosts = Zero.list(extraHosts);
    init = init == null ? Optional.empty() : init;
    portBindings = Zero.map(portBindings);
  }

  public static HostConfig empty() {
    return new HostConfig(null, null, null, false, false, false, null, null, null, null, false);
  }

  public HostConfig withAutoRemove(boolean remove) {
    return new HostConfig(binds, networkMode, restartPolicy, remove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts);
  }

  public static HostConfig fromJson(JsonFields f) {
    return new HostConfig(f.strings("Binds"), f.string("NetworkMode"), RestartPolicy.fromJson(f.object("RestartPolicy")),
        f.bool("AutoRemove"), f.bool("Privileged"), f.bool("ReadonlyRootfs"), f.strings("Dns"), f.strings("ExtraHosts"),
        f.optBool("Init"), PortBinding.mapFromTree(f.objectMap("PortBindings")), f.bool("PublishAllPorts"));
  }

  /** The wire form; an unset {@code Init} is omitted. */
  public Map<String, Object> toJson() {
    return Wire.obj().put("Binds", binds).put("NetworkMode", networkMode).put("RestartPolicy", restartPolicy.toJson())
        .put("AutoRemove", autoRemove).put("Privileged", privileged).put("ReadonlyRootfs", readonlyRootfs)
        .put("Dns", dns).put("ExtraHosts", extraHosts).putIfPresent("Init", init)
        .putSorted("PortBindings", portBindingsTree()).put("PublishAllPorts", publishAllPorts).build();
  }

  private Map<String, Object> portBindingsTree() {
    var out = new java.util.LinkedHashMap<String, Object>();
    portBindings.forEach((k, v) -> out.put(k, v.stream().map(PortBinding::toJson).toList()));
    return out;
  }
}
