package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.network.ContainerNetworking;
import io.berth.engine.network.Network;
import io.berth.engine.network.NetworkService;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /networks}: list, inspect, create, remove, prune, connect and disconnect, in the Engine
 * API's shapes. Testcontainers reads the {@code bridge} network's gateway from here on a host with
 * {@code /.dockerenv} to decide how to reach containers.
 */
public final class NetworkRoutes {
  private final NetworkService networks;
  private final ContainerNetworking attachments;
  private final java.util.function.Function<String, Optional<String>> containerName;

  /** @param containerName a container's name by ID, for the inspect document's {@code Containers} */
  public NetworkRoutes(NetworkService networks, ContainerNetworking attachments,
      java.util.function.Function<String, Optional<String>> containerName) {
    this.networks = networks;
    this.attachments = attachments;
    this.containerName = containerName;
  }

  public void register(Router r) {
    r.add("GET", "/networks", this::list);
    r.add("GET", "/networks/{id}", req -> Responses.json(req, 200, inspect(networks.get(req.param("id")))));
    r.add("POST", "/networks/create", this::create);
    r.add("POST", "/networks/prune", this::prune);
    r.add("DELETE", "/networks/{id}", req -> {
      networks.remove(req.param("id"));
      Responses.noContent(req);
    });
    r.add("POST", "/networks/{id}/connect", req -> {
      JsonNode b = req.body(JsonNode.class);
      String container = b.path("Container").asText("");
      if (container.isEmpty()) throw BerthException.invalid("container is required");
      attachments.connect(req.param("id"), container, NetworkJson.endpointConfig(b.path("EndpointConfig")));
      Responses.json(req, 200, null);
    });
    r.add("POST", "/networks/{id}/disconnect", req -> {
      JsonNode b = req.body(JsonNode.class);
      String container = b.path("Container").asText("");
      if (container.isEmpty()) throw BerthException.invalid("container is required");
      attachments.disconnect(req.param("id"), container, b.path("Force").asBoolean(false));
      Responses.json(req, 200, null);
    });
  }

  private void list(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("name", "id", "driver", "type", "label", "scope", "dangling");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Network n : networks.list()) {
      if (!f.get("name").isEmpty() && f.get("name").stream().noneMatch(n.name()::contains)) continue;
      if (!f.get("id").isEmpty() && f.get("id").stream().noneMatch(n.id()::startsWith)) continue;
      if (!f.get("driver").isEmpty() && !f.get("driver").contains(n.driver())) continue;
      if (!f.get("type").isEmpty() && !f.get("type").contains(n.predefined() ? "builtin" : "custom")) continue;
      if (!ContainerFilters.matchLabels(f.get("label"), n.labels())) continue;
      if (!f.get("scope").isEmpty() && !f.get("scope").contains("local")) continue;
      if (!f.get("dangling").isEmpty()) {
        boolean dangling = networks.store().ofNetwork(n.id()).isEmpty() && !n.predefined();
        if (!f.get("dangling").contains(Boolean.toString(dangling)) && !f.get("dangling").contains(dangling ? "1" : "0")) continue;
      }
      out.add(json(n, Map.of()));
    }
    Responses.json(req, 200, out);
  }

  private Map<String, Object> inspect(Network n) {
    Map<String, Object> containers = new LinkedHashMap<>();
    for (var a : networks.store().ofNetwork(n.id())) {
      if (a.address().isEmpty()) continue; // Docker lists the containers with an endpoint, i.e. running ones
      containers.put(a.containerId(), Docs.obj("Name", containerName.apply(a.containerId()).orElse(""),
          "EndpointID", NetworkJson.endpointId(n.id(), a.containerId()), "MacAddress", a.mac().orElse(""),
          "IPv4Address", a.dottedAddress().get() + "/" + n.subnet().get().prefix(), "IPv6Address", ""));
    }
    return json(n, containers);
  }

  static Map<String, Object> json(Network n, Map<String, Object> containers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created().toString());
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv4", true);
    m.put("EnableIPv6", false);
    List<Map<String, Object>> config = new ArrayList<>();
    n.subnet().ifPresent(s -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Subnet", s.toString());
      n.ipRange().ifPresent(r -> c.put("IPRange", r.toString()));
      c.put("Gateway", n.gateway().orElse(s.gateway()));
      config.add(c);
    });
    m.put("IPAM", Docs.obj("Driver", "default", "Options", n.predefined() ? null : Docs.obj(), "Config", config));
    m.put("Internal", n.internal());
    m.put("Attachable", n.attachable());
    m.put("Ingress", false);
    m.put("ConfigFrom", Docs.obj("Network", ""));
    m.put("ConfigOnly", false);
    m.put("Containers", containers);
    Map<String, Object> options = new LinkedHashMap<>(n.options());
    if (n.isDefaultBridge()) {
      options.put("com.docker.network.bridge.default_bridge", "true");
      options.put("com.docker.network.bridge.enable_icc", "true");
      options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
      options.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
      options.put("com.docker.network.bridge.name", n.bridge());
      options.put("com.docker.network.driver.mtu", "1500");
    }
    m.put("Options", options);
    m.put("Labels", n.labels());
    return m;
  }

  private void create(ApiRequest req) throws IOException {
    JsonNode b = req.body(JsonNode.class);
    JsonNode ipam = b.path("IPAM");
    String ipamDriver = ipam.path("Driver").asText("");
    if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
      throw BerthException.notFound("plugin \"%s\" not found", ipamDriver);
    }
    JsonNode configs = ipam.path("Config");
    Optional<String> subnet = Optional.empty();
    Optional<String> gateway = Optional.empty();
    Optional<String> range = Optional.empty();
    int v4 = 0;
    for (JsonNode c : configs) {
      String s = c.path("Subnet").asText("");
      if (s.contains(":")) throw BerthException.invalid("IPv6 subnets are not supported by this daemon: %s", s);
      if (++v4 > 1) throw BerthException.invalid("only one IPv4 subnet per network is supported");
      subnet = Optional.of(s).filter(x -> !x.isEmpty());
      gateway = Optional.of(c.path("Gateway").asText("")).filter(x -> !x.isEmpty());
      range = Optional.of(c.path("IPRange").asText("")).filter(x -> !x.isEmpty());
      if (c.path("AuxiliaryAddresses").size() > 0) throw BerthException.invalid("auxiliary addresses are not supported");
    }
    if (b.path("ConfigOnly").asBoolean(false) || !b.path("ConfigFrom").path("Network").asText("").isEmpty()) {
      throw BerthException.invalid("config-only networks are not supported");
    }
    if (b.path("Ingress").asBoolean(false)) throw BerthException.invalid("ingress networks need swarm mode");
    String scope = b.path("Scope").asText("");
    if (!scope.isEmpty() && !scope.equals("local")) throw BerthException.invalid("scope %s is not supported (only local)", scope);
    var request = new NetworkService.CreateRequest(b.path("Name").asText(""), b.path("Driver").asText(""), subnet,
        gateway, range, b.path("Internal").asBoolean(false), b.path("Attachable").asBoolean(false),
        b.path("EnableIPv6").asBoolean(false), strings(b.path("Labels")), strings(b.path("Options")));
    Network n = networks.create(request);
    Responses.json(req, 201, Docs.obj("Id", n.id(), "Warning", ""));
  }

  private static Map<String, String> strings(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private void prune(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("label", "label!", "until");
    if (f.get("until").size() > 1) throw BerthException.invalid("more than one until filter specified");
    Optional<java.time.Instant> until = Optional.empty();
    for (String v : f.get("until")) until = Optional.of(Timestamps.parse(v, java.time.Instant.now()));
    List<String> labels = f.get("label");
    List<String> notLabels = f.get("label!");
    Optional<java.time.Instant> before = until;
    List<String> deleted = networks.prune(n -> ContainerFilters.matchLabels(labels, n.labels())
        && (notLabels.isEmpty() || !ContainerFilters.matchLabels(notLabels, n.labels()))
        && before.map(t -> n.created().isBefore(t)).orElse(true));
    Responses.json(req, 200, Docs.obj("NetworksDeleted", deleted.isEmpty() ? null : deleted));
  }
}
