package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/**
 * Body of {@code POST /containers/create}: the container config fields at top level plus
 * {@code HostConfig}, as the swagger's {@code allOf} has it. Written by the client only.
 */
public record ContainerCreateRequest(
    @JsonUnwrapped ContainerConfig config, @JsonProperty("HostConfig") HostConfig hostConfig) {
  public ContainerCreateRequest {
    if (config == null) throw new IllegalArgumentException("config is required");
    hostConfig = hostConfig == null ? HostConfig.empty() : hostConfig;
  }

  /** The wire form: the config's fields, then {@code HostConfig}. */
  public Map<String, Object> toJson() {
    return config.fields(Wire.obj()).put("HostConfig", hostConfig.toJson()).build();
  }
}
