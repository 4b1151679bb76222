package io.berth.distribution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge: {@code Basic realm="..."} or
 * {@code Bearer realm="https://auth",service="registry",scope="repository:x:pull"} (RFC 7235
 * auth-params, quoted strings with backslash escapes).
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
  public AuthChallenge {
    params = Map.copyOf(params);
  }

  public boolean isBearer() { return scheme.equals("bearer"); }

  public boolean isBasic() { return scheme.equals("basic"); }

  public Optional<String> param(String name) { return Optional.ofNullable(params.get(name)); }

  /** Parses the first challenge of a header value; empty when there is none. */
  public static Optional<AuthChallenge> parse(String header) {
    if (header == null) return Optional.empty();
    String h = header.strip();
    int sp = h.indexOf(' ');
    String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty()) return Optional.empty();
    Map<String, String> params = new LinkedHashMap<>();
    int i = sp < 0 ? h.length() : sp + 1;
    while (i < h.length()) {
      while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
      int eq = h.indexOf('=', i);
      if (eq < 0) break;
      String key = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < h.length() && h.charAt(i) == '"') {
        i++;
        while (i < h.length() && h.charAt(i) != '"') {
          if (h.charAt(i) == '\\' && i + 1 < h.length()) i++;
          value.append(h.charAt(i++));
        }
        i++; // closing quote
      } else {
        while (i < h.length() && h.charAt(i) != ',') value.append(h.charAt(i++));
      }
      params.put(key, value.toString().strip());
    }
    return Optional.of(new AuthChallenge(scheme, params));
  }
}
