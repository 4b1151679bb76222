package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /containers/create}: the container config fields at top level plus
 * {@code HostConfig}, as the swagger's {@code allOf} has it, and {@code NetworkingConfig} when the
 * container asks for something on its networks. Written by the client only.
 */
public record ContainerCreateRequest(
    @JsonUnwrapped ContainerConfig config, @JsonProperty("HostConfig") HostConfig hostConfig,
    @JsonProperty("NetworkingConfig") Optional<NetworkingConfig> networkingConfig) {
  public ContainerCreateRequest {
    if (config == null) throw new IllegalArgumentException("config is required");
    hostConfig = hostConfig == null ? HostConfig.empty() : hostConfig;
    networkingConfig = networkingConfig == null ? Optional.empty() : networkingConfig;
  }

  /** Without {@code NetworkingConfig} (the daemon attaches the container to its network mode's network). */
  public ContainerCreateRequest(ContainerConfig config, HostConfig hostConfig) {
    this(config, hostConfig, Optional.empty());
  }

  /** The wire form: the config's fields, then {@code HostConfig}, then {@code NetworkingConfig} when set. */
  public Map<String, Object> toJson() {
    return config.fields(Wire.obj()).put("HostConfig", hostConfig.toJson())
        .putIfPresent("NetworkingConfig", networkingConfig.map(NetworkingConfig::toJson)).build();
  }
}
