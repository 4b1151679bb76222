package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /networks/create} (swagger {@code NetworkCreateRequest}), as the docker CLI
 * lays it out. {@code enableIPv4}/{@code enableIPv6} are sent only when the user set them, so the
 * daemon's defaults apply otherwise.
 */
public record NetworkCreateRequest(
    String name, String driver, @JsonProperty("EnableIPv4") Optional<Boolean> enableIPv4,
    @JsonProperty("EnableIPv6") Optional<Boolean> enableIPv6, @JsonProperty("IPAM") Ipam ipam,
    boolean internal, boolean attachable, Map<String, String> options, Map<String, String> labels) {
  public NetworkCreateRequest {
    name = Zero.str(name);
    driver = Zero.str(driver);
    enableIPv4 = enableIPv4 == null ? Optional.empty() : enableIPv4;
    enableIPv6 = enableIPv6 == null ? Optional.empty() : enableIPv6;
    ipam = ipam == null ? new Ipam("default", Map.of(), List.of()) : ipam;
    options = Zero.map(options);
    labels = Zero.map(labels);
  }

  /** {@code IPAM}: the address management driver, its options and one entry per subnet. */
  public record Ipam(String driver, Map<String, String> options, List<NetworkResource.IpamConfig> config) {
    public Ipam {
      driver = Zero.str(driver);
      options = Zero.map(options);
      config = Zero.list(config);
    }

    public Map<String, Object> toJson() {
      return Wire.obj().put("Driver", driver).putSorted("Options", options)
          .put("Config", config.stream().map(NetworkResource.IpamConfig::toJson).toList()).build();
    }
  }

  /** The wire form in the docker CLI's field order (moby's {@code network.CreateRequest}). */
  public Map<String, Object> toJson() {
    return Wire.obj().put("Name", name).put("Driver", driver).putIfPresent("EnableIPv4", enableIPv4)
        .putIfPresent("EnableIPv6", enableIPv6).put("IPAM", ipam.toJson()).put("Internal", internal)
        .put("Attachable", attachable).putSorted("Options", options).putSorted("Labels", labels).build();
  }
}
