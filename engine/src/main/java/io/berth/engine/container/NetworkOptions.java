package io.berth.engine.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's network requests as made at create time: the networks it joins besides its
 * {@code NetworkMode} one and what it asked for on each ({@code NetworkingConfig.EndpointsConfig}),
 * and its DNS and hosts-file options ({@code HostConfig.Dns}, {@code DnsSearch}, {@code DnsOptions},
 * {@code ExtraHosts}). Membership after create ({@code network connect}/{@code disconnect}) is kept
 * by the network package, not here.
 *
 * @param endpoints per network name or ID, in the order given
 * @param links     {@code HostConfig.Links} as {@code container[:alias]} (docker-compose 1.29 sends them for
 *                  {@code links:} and {@code depends_on}): on user-defined networks the alias resolves,
 *                  for this container only, to the linked container (the embedded DNS)
 */
public record NetworkOptions(Map<String, EndpointConfig> endpoints, List<String> dns, List<String> dnsSearch,
    List<String> dnsOptions, List<String> extraHosts, List<String> links) {
  public static final NetworkOptions NONE = new NetworkOptions(Map.of(), List.of(), List.of(), List.of(), List.of());

  public NetworkOptions(Map<String, EndpointConfig> endpoints, List<String> dns, List<String> dnsSearch,
      List<String> dnsOptions, List<String> extraHosts) {
    this(endpoints, dns, dnsSearch, dnsOptions, extraHosts, List.of());
  }

  public NetworkOptions {
    endpoints = endpoints == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    links = links == null ? List.of() : List.copyOf(links);
  }

  /** The linked container of {@code alias} (a link without an alias is named by the container itself). */
  public Optional<String> linkTarget(String alias) {
    for (String l : links) {
      int sep = l.indexOf(':');
      String target = sep < 0 ? l : l.substring(0, sep);
      String name = sep < 0 ? l : l.substring(sep + 1);
      if (name.equalsIgnoreCase(alias)) return Optional.of(target);
    }
    return Optional.empty();
  }

  /**
   * What a container asked for on one network: network-scoped aliases, a fixed IPv4 address, a MAC.
   */
  public record EndpointConfig(List<String> aliases, Optional<String> ipv4Address, Optional<String> macAddress) {
    public static final EndpointConfig NONE = new EndpointConfig(List.of(), Optional.empty(), Optional.empty());

    public EndpointConfig {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      ipv4Address = ipv4Address == null ? Optional.empty() : ipv4Address.filter(s -> !s.isEmpty());
      macAddress = macAddress == null ? Optional.empty() : macAddress.filter(s -> !s.isEmpty());
    }
  }
}
