package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network as {@code GET /networks} and {@code GET /networks/{id}} describe it (swagger
 * {@code Network}): the fields berth's CLI shows. {@code created} is the daemon's RFC 3339 text.
 * As in Go, an absent {@code EnableIPv4} (daemons before API 1.47) reads as false.
 */
public record NetworkResource(
    String name, String id, String created, String scope, String driver, boolean enableIPv4, boolean enableIPv6,
    Ipam ipam, boolean internal, boolean attachable, boolean ingress, boolean configOnly,
    Map<String, Endpoint> containers, Map<String, String> options, Map<String, String> labels) {
  public NetworkResource {
    name = Zero.str(name);
    id = Zero.str(id);
    created = Zero.str(created);
    scope = Zero.str(scope);
    driver = Zero.str(driver);
    ipam = ipam == null ? new Ipam("", Map.of(), List.of()) : ipam;
    containers = Zero.map(containers);
    options = Zero.map(options);
    labels = Zero.map(labels);
  }

  /** {@code IPAM} of a network. */
  public record Ipam(String driver, Map<String, String> options, List<IpamConfig> config) {
    public Ipam {
      driver = Zero.str(driver);
      options = Zero.map(options);
      config = Zero.list(config);
    }

    static Ipam fromJson(JsonFields f) {
      return new Ipam(f.string("Driver"), f.stringMap("Options"), f.objects("Config", IpamConfig::fromJson));
    }
  }

  /** One subnet of a network: its range for containers, gateway and reserved addresses (each may be empty). */
  public record IpamConfig(String subnet, @JsonProperty("IPRange") String ipRange, String gateway,
      @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {
    public IpamConfig {
      subnet = Zero.str(subnet);
      ipRange = Zero.str(ipRange);
      gateway = Zero.str(gateway);
      auxiliaryAddresses = Zero.map(auxiliaryAddresses);
    }

    public static IpamConfig fromJson(JsonFields f) {
      return new IpamConfig(f.string("Subnet"), f.string("IPRange"), f.string("Gateway"), f.stringMap("AuxiliaryAddresses"));
    }

    /** The wire form: empty fields omitted, as moby's {@code omitempty} tags have it. */
    public Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("Subnet", opt(subnet)).putIfPresent("IPRange", opt(ipRange))
          .putIfPresent("Gateway", opt(gateway))
          .putIfPresent("AuxiliaryAddresses", Optional.of(auxiliaryAddresses).filter(m -> !m.isEmpty()).map(Wire::sorted))
          .build();
    }

    private static Optional<String> opt(String s) { return Optional.of(s).filter(v -> !v.isEmpty()); }
  }

  /** A container's endpoint on the network ({@code Containers} of an inspect). */
  public record Endpoint(String name, String endpointId, String macAddress,
      @JsonProperty("IPv4Address") String ipv4Address, @JsonProperty("IPv6Address") String ipv6Address) {
    public Endpoint {
      name = Zero.str(name);
      endpointId = Zero.str(endpointId);
      macAddress = Zero.str(macAddress);
      ipv4Address = Zero.str(ipv4Address);
      ipv6Address = Zero.str(ipv6Address);
    }

    static Endpoint fromJson(JsonFields f) {
      return new Endpoint(f.string("Name"), f.string("EndpointID"), f.string("MacAddress"), f.string("IPv4Address"),
          f.string("IPv6Address"));
    }
  }

  public static NetworkResource fromJson(JsonFields f) {
    var containers = new java.util.LinkedHashMap<String, Endpoint>();
    JsonFields c = f.object("Containers");
    for (String k : c.map().keySet()) if (c.has(k)) containers.put(k, Endpoint.fromJson(c.object(k)));
    return new NetworkResource(f.string("Name"), f.string("Id"), f.string("Created"), f.string("Scope"), f.string("Driver"),
        f.bool("EnableIPv4"), f.bool("EnableIPv6"), Ipam.fromJson(f.object("IPAM")), f.bool("Internal"),
        f.bool("Attachable"), f.bool("Ingress"), f.bool("ConfigOnly"), containers, f.stringMap("Options"),
        f.stringMap("Labels"));
  }
}
