package io.berth.engine.api;

import io.berth.engine.network.PredefinedNetworks;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of {@code /networks} for the predefined networks. Testcontainers needs it even
 * without published ports: on a host with {@code /.dockerenv} it reads the {@code bridge}
 * network's gateway to decide how to reach containers.
 */
public final class NetworkRoutes {
  private final PredefinedNetworks networks;

  public NetworkRoutes(PredefinedNetworks networks) {
    this.networks = networks;
  }

  public void register(Router r) {
    r.add("GET", "/networks", this::list);
    r.add("GET", "/networks/{id}", req -> {
      String ref = req.param("id");
      var n = networks.find(ref).orElseThrow(() -> BerthException.notFound("network %s not found", ref));
      Responses.json(req, 200, json(n));
    });
  }

  private void list(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("name", "id", "driver", "type", "label", "scope", "dangling");
    List<Map<String, Object>> out = new ArrayList<>();
    for (var n : networks.all()) {
      if (!f.get("name").isEmpty() && f.get("name").stream().noneMatch(n.name()::contains)) continue;
      if (!f.get("id").isEmpty() && f.get("id").stream().noneMatch(n.id()::startsWith)) continue;
      if (!f.get("driver").isEmpty() && !f.get("driver").contains(n.driver())) continue;
      if (!f.get("type").isEmpty() && !f.get("type").contains("builtin")) continue;
      if (!f.get("label").isEmpty()) continue; // predefined networks carry no labels
      if (!f.get("scope").isEmpty() && !f.get("scope").contains("local")) continue;
      out.add(json(n));
    }
    Responses.json(req, 200, out);
  }

  static Map<String, Object> json(PredefinedNetworks.Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created().toString());
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv4", true);
    m.put("EnableIPv6", false);
    List<Map<String, Object>> config = n.subnet()
        .map(s -> List.<Map<String, Object>>of(Docs.obj("Subnet", s.toString(), "Gateway", s.gateway())))
        .orElse(List.of());
    m.put("IPAM", Docs.obj("Driver", "default", "Options", null, "Config", config));
    m.put("Internal", false);
    m.put("Attachable", false);
    m.put("Ingress", false);
    m.put("ConfigFrom", Docs.obj("Network", ""));
    m.put("ConfigOnly", false);
    m.put("Containers", Docs.obj());
    Map<String, Object> options = new LinkedHashMap<>();
    if (n.driver().equals("bridge")) {
      options.put("com.docker.network.bridge.default_bridge", "true");
      options.put("com.docker.network.bridge.enable_icc", "true");
      options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
      options.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
      options.put("com.docker.network.bridge.name", PredefinedNetworks.BRIDGE_DEVICE);
      options.put("com.docker.network.driver.mtu", "1500");
    }
    m.put("Options", options);
    m.put("Labels", Docs.obj());
    return m;
  }
}
