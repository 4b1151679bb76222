package io.berth.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request target's query string, encoded like Go's {@code url.Values.Encode} (keys sorted, which is
 * what the docker CLI sends and what the traces show). Mutable builder; not thread-safe.
 */
public final class Query {
  private final TreeMap<String, List<String>> values = new TreeMap<>();

  public Query add(String key, String value) {
    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    return this;
  }

  public Query flag(String key, boolean on) { return on ? add(key, "1") : this; }

  /** Adds {@code filters} as docker does: {"key":{"value":true}}; nothing when empty. */
  public Query filters(Map<String, List<String>> filters) {
    if (filters.isEmpty()) return this;
    var json = new TreeMap<String, Map<String, Boolean>>();
    filters.forEach((k, vs) -> {
      var m = new TreeMap<String, Boolean>();
      vs.forEach(v -> m.put(v, true));
      json.put(k, m);
    });
    return add("filters", io.berth.client.json.JsonWriter.write(json));
  }

  public boolean isEmpty() { return values.isEmpty(); }

  /** {@code path} plus "?query" when there is one. */
  public String appendTo(String path) { return values.isEmpty() ? path : path + "?" + encode(); }

  public String encode() {
    var sb = new StringBuilder();
    values.forEach((k, vs) -> vs.forEach(v -> {
      if (!sb.isEmpty()) sb.append('&');
      sb.append(escape(k)).append('=').append(escape(v));
    }));
    return sb.toString();
  }

  /** Percent-encodes a query component; space as '+' like Go's QueryEscape. */
  static String escape(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

  /** Percent-encodes one path segment of an object reference; '/' and ':' stay, as image names contain them. */
  public static String path(String ref) {
    var sb = new StringBuilder();
    for (byte b : ref.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/:@".indexOf(c) >= 0) sb.append((char) c);
      else sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
    }
    return sb.toString();
  }
}
