package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code NetworkingConfig} of {@code POST /containers/create}: the networks the container joins
 * (keyed by name or ID) and what it asks for on each. The key of the first is the
 * {@code HostConfig.NetworkMode} one; the daemon joins the others as {@code network connect} would.
 */
public record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, EndpointSettings> endpointsConfig) {
  public NetworkingConfig {
    endpointsConfig = endpointsConfig == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpointsConfig));
  }

  /** The wire form; networks in key order, as Go's encoder (and the project's Jackson mapper) write a map. */
  public Map<String, Object> toJson() {
    var out = new java.util.TreeMap<String, Object>();
    endpointsConfig.forEach((k, v) -> out.put(k, v.toJson()));
    return Wire.obj().put("EndpointsConfig", out).build();
  }
}
