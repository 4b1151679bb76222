package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.http.server.Exchange;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** One routed API call: the exchange, the path parameters and the negotiated API version. */
public record ApiRequest(Exchange exchange, Map<String, String> params, ApiVersion version) {

  public String param(String name) {
    String v = params.get(name);
    if (v == null) throw new IllegalStateException("route has no parameter " + name);
    return v;
  }

  public Optional<String> query(String name) {
    return exchange.query().get(name).filter(s -> !s.isEmpty());
  }

  public boolean bool(String name, boolean dflt) { return exchange.query().bool(name, dflt); }

  public int integer(String name, int dflt) { return exchange.query().integer(name, dflt); }

  /** Reads the whole JSON body as {@code type}; an empty body decodes {@code "{}"}. */
  public <T> T body(Class<T> type) throws IOException {
    byte[] data = exchange.body().readAllBytes();
    if (data.length == 0) data = "{}".getBytes();
    return Json.read(data, type);
  }

  /** Docker's {@code filters} query parameter: {"name":{"web":true}} or the old {"name":["web"]}. */
  public Filters filters() {
    return query("filters").map(Filters::parse).orElse(Filters.NONE);
  }

  /** Decoded filters: key → accepted values. */
  public record Filters(Map<String, java.util.List<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    static Filters parse(String json) {
      JsonNode root;
      try {
        root = Json.mapper().readTree(json);
      } catch (IOException e) {
        throw BerthException.invalid("invalid filter"); // dockerd's text for undecodable filters
      }
      if (root == null || !root.isObject()) throw BerthException.invalid("invalid filter");
      var out = new java.util.LinkedHashMap<String, java.util.List<String>>();
      root.properties().forEach(e -> {
        var list = new java.util.ArrayList<String>();
        JsonNode v = e.getValue();
        if (v.isArray()) v.forEach(x -> list.add(x.asText()));
        else if (v.isObject()) v.properties().forEach(x -> { if (x.getValue().asBoolean(true)) list.add(x.getKey()); });
        else throw BerthException.invalid("invalid filter");
        out.put(e.getKey(), java.util.List.copyOf(list));
      });
      return new Filters(Map.copyOf(out));
    }

    public java.util.List<String> get(String key) { return values.getOrDefault(key, java.util.List.of()); }

    /** Rejects keys this endpoint does not know, as docker does ("invalid filter 'foo'"). */
    public Filters only(String... keys) {
      var allowed = java.util.Set.of(keys);
      for (String k : values.keySet()) {
        if (!allowed.contains(k)) throw BerthException.invalid("invalid filter '%s'", k);
      }
      return this;
    }
  }
}
