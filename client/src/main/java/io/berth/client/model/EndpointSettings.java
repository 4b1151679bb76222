package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container asks for on one network (swagger {@code EndpointSettings}, the request side):
 * in {@code NetworkingConfig.EndpointsConfig} of a create and in the body of
 * {@code POST /networks/{id}/connect}. Unset fields are not written, so the daemon applies its
 * defaults (the docker CLI writes Go zero values, which the daemon reads as unset).
 */
public record EndpointSettings(
    @JsonProperty("IPAMConfig") Optional<IpamConfig> ipamConfig, Optional<List<String>> links,
    Optional<List<String>> aliases, Optional<String> macAddress, Optional<Map<String, String>> driverOpts) {
  /** Nothing asked for: the daemon picks the address. */
  public static final EndpointSettings NONE = new EndpointSettings(null, null, null, null, null);

  public EndpointSettings {
    ipamConfig = ipamConfig == null ? Optional.empty() : ipamConfig.filter(c -> !c.isEmpty());
    links = links == null ? Optional.empty() : links.filter(l -> !l.isEmpty()).map(List::copyOf);
    aliases = aliases == null ? Optional.empty() : aliases.filter(l -> !l.isEmpty()).map(List::copyOf);
    macAddress = macAddress == null ? Optional.empty() : macAddress.filter(s -> !s.isEmpty());
    driverOpts = driverOpts == null ? Optional.empty() : driverOpts.filter(m -> !m.isEmpty()).map(Map::copyOf);
  }

  /** {@code IPAMConfig}: the fixed addresses asked for. */
  public record IpamConfig(@JsonProperty("IPv4Address") Optional<String> ipv4Address,
      @JsonProperty("IPv6Address") Optional<String> ipv6Address) {
    public IpamConfig {
      ipv4Address = ipv4Address == null ? Optional.empty() : ipv4Address.filter(s -> !s.isEmpty());
      ipv6Address = ipv6Address == null ? Optional.empty() : ipv6Address.filter(s -> !s.isEmpty());
    }

    boolean isEmpty() { return ipv4Address.isEmpty() && ipv6Address.isEmpty(); }

    public Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("IPv4Address", ipv4Address).putIfPresent("IPv6Address", ipv6Address).build();
    }
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() { return equals(NONE); }

  public static EndpointSettings fromJson(JsonFields f) {
    JsonFields ipam = f.object("IPAMConfig");
    return new EndpointSettings(
        Optional.of(new IpamConfig(ipam.optString("IPv4Address"), ipam.optString("IPv6Address"))),
        Optional.of(f.strings("Links")), Optional.of(f.strings("Aliases")), f.optString("MacAddress"),
        Optional.of(f.stringMap("DriverOpts")));
  }

  /** The wire form, in moby's field order; unset fields are omitted. */
  public Map<String, Object> toJson() {
    return Wire.obj().putIfPresent("IPAMConfig", ipamConfig.map(IpamConfig::toJson)).putIfPresent("Links", links)
        .putIfPresent("Aliases", aliases).putIfPresent("MacAddress", macAddress)
        .putIfPresent("DriverOpts", driverOpts.map(Wire::sorted)).build();
  }
}
