package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.HostOptions;
import io.berth.engine.network.ContainerNetworking.Joined;
import io.berth.engine.network.Network;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's network fields in the Engine API's shapes: {@code HostConfig.NetworkMode} and the
 * DNS options, and {@code NetworkSettings} (per network endpoint settings; the top-level address
 * fields are the default bridge's, as Docker fills them).
 */
final class NetworkJson {
  private NetworkJson() {}

  /** {@code EndpointSettings} of a create or connect request: aliases, IPAMConfig.IPv4Address, MacAddress. */
  static io.berth.engine.container.NetworkOptions.EndpointConfig endpointConfig(com.fasterxml.jackson.databind.JsonNode e) {
    if (e == null || e.isMissingNode() || e.isNull()) return io.berth.engine.container.NetworkOptions.EndpointConfig.NONE;
    List<String> aliases = new ArrayList<>();
    for (var a : e.path("Aliases")) if (!a.asText().isEmpty()) aliases.add(a.asText());
    var ip = java.util.Optional.of(e.path("IPAMConfig").path("IPv4Address").asText("")).filter(s -> !s.isEmpty());
    if (!e.path("IPAMConfig").path("IPv6Address").asText("").isEmpty()) {
      throw io.berth.oci.errors.BerthException.invalid("IPv6 addresses are not supported by this daemon");
    }
    var mac = java.util.Optional.of(e.path("MacAddress").asText("")).filter(s -> !s.isEmpty());
    return new io.berth.engine.container.NetworkOptions.EndpointConfig(aliases, ip, mac);
  }

  /** The network mode as Docker reports it: {@code bridge} for the default. */
  static String mode(Container c) {
    return c.config().host().effectiveNetworkMode();
  }

  /** Replaces the network parts of an inspect document. */
  @SuppressWarnings("unchecked")
  static void fillInspect(Map<String, Object> doc, Container c, List<Joined> joined) {
    HostOptions o = c.config().host();
    Map<String, Object> host = (Map<String, Object>) doc.get("HostConfig");
    host.put("NetworkMode", mode(c));
    host.put("Dns", o.network().dns());
    host.put("DnsOptions", o.network().dnsOptions());
    host.put("DnsSearch", o.network().dnsSearch());
    host.put("ExtraHosts", o.network().extraHosts().isEmpty() ? null : o.network().extraHosts());
    // docker's form: /target:/self/alias
    host.put("Links", o.network().links().isEmpty() ? null : o.network().links().stream()
        .map(l -> "/" + l.substring(0, l.indexOf(':')) + ":/" + c.name() + "/" + l.substring(l.indexOf(':') + 1)).toList());
    Map<String, Object> settings = (Map<String, Object>) doc.get("NetworkSettings");
    Map<String, Object> networks = networks(c, joined);
    settings.put("Networks", networks);
    boolean running = c.state().running();
    settings.put("SandboxID", running && !joined.isEmpty() ? sha(c.id(), "sandbox") : "");
    settings.put("SandboxKey", running && c.state().pid() > 0 ? "/proc/" + c.state().pid() + "/ns/net" : "");
    for (Joined j : joined) {
      if (!j.network().isDefaultBridge() || j.endpoint().address().isEmpty()) continue;
      Map<String, Object> e = (Map<String, Object>) networks.get(j.network().name());
      for (String k : List.of("EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "MacAddress")) settings.put(k, e.get(k));
    }
  }

  /** Replaces the network parts of a list entry. */
  static void fillSummary(Map<String, Object> s, Container c, List<Joined> joined) {
    s.put("HostConfig", Docs.obj("NetworkMode", mode(c)));
    s.put("NetworkSettings", Docs.obj("Networks", networks(c, joined)));
  }

  private static Map<String, Object> networks(Container c, List<Joined> joined) {
    Map<String, Object> out = new LinkedHashMap<>();
    String mode = mode(c);
    if (mode.equals("host") || mode.equals("none")) {
      // Docker lists the host and none networks too, without an endpoint address
      out.put(mode, endpoint(c, null, null));
      return out;
    }
    for (Joined j : joined) out.put(j.network().name(), endpoint(c, j.network(), j));
    return out;
  }

  private static Map<String, Object> endpoint(Container c, Network n, Joined j) {
    Map<String, Object> e = new LinkedHashMap<>();
    var cfg = j == null ? null : j.endpoint().config();
    e.put("IPAMConfig", cfg == null || cfg.ipv4Address().isEmpty() ? null : Docs.obj("IPv4Address", cfg.ipv4Address().get()));
    e.put("Links", null);
    e.put("Aliases", cfg == null || cfg.aliases().isEmpty() ? null : cfg.aliases());
    boolean live = j != null && j.endpoint().address().isPresent();
    e.put("MacAddress", live ? j.endpoint().mac().orElse("") : "");
    e.put("DriverOpts", null);
    e.put("GwPriority", 0);
    e.put("NetworkID", n == null ? "" : n.id());
    e.put("EndpointID", live ? endpointId(n.id(), c.id()) : "");
    e.put("Gateway", live ? n.gateway().orElse("") : "");
    e.put("IPAddress", live ? j.endpoint().dottedAddress().get() : "");
    e.put("IPPrefixLen", live ? n.subnet().get().prefix() : 0);
    e.put("IPv6Gateway", "");
    e.put("GlobalIPv6Address", "");
    e.put("GlobalIPv6PrefixLen", 0);
    List<String> names = new ArrayList<>();
    if (n != null && !n.isDefaultBridge()) {
      names.add(c.name());
      names.add(c.shortId());
      if (cfg != null) names.addAll(cfg.aliases());
    }
    e.put("DNSNames", names.isEmpty() ? null : names);
    return e;
  }

  /** A stable endpoint ID (Docker's are random; stable ones survive berthd restarts unchanged). */
  static String endpointId(String networkId, String containerId) {
    return sha(networkId, containerId);
  }

  private static String sha(String a, String b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((a + "/" + b).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
