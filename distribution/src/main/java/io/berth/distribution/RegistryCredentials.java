package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What berthd presents to a registry: nothing, a user name and password (basic auth, and the token
 * endpoint's basic auth), or an identity token (an OAuth refresh token from an earlier login).
 */
public sealed interface RegistryCredentials {
  /** No credentials: anonymous pull, or an anonymous token. */
  record Anonymous() implements RegistryCredentials {}

  record Basic(String username, String password) implements RegistryCredentials {
    @Override public String toString() { return "Basic[" + username + "]"; } // never log the password
  }

  record IdentityToken(String token) implements RegistryCredentials {
    @Override public String toString() { return "IdentityToken[...]"; }
  }

  RegistryCredentials ANONYMOUS = new Anonymous();

  /**
   * Decodes the Engine API's {@code X-Registry-Auth} header: base64url (padded or not; some clients
   * send standard base64) of {@code {"username","password","serveraddress"}} or
   * {@code {"identitytoken"}}. An absent, empty or {@code {}} header is anonymous.
   */
  static RegistryCredentials fromHeader(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) return ANONYMOUS;
    String raw = header.get().strip();
    byte[] json;
    try {
      json = Base64.getUrlDecoder().decode(raw);
    } catch (IllegalArgumentException notUrl) {
      try {
        json = Base64.getDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        throw BerthException.invalid("invalid X-Registry-Auth header: not base64");
      }
    }
    JsonNode n;
    try {
      n = Json.read(json, JsonNode.class);
    } catch (RuntimeException e) {
      throw BerthException.invalid("invalid X-Registry-Auth header: %s", e.getMessage());
    }
    return fromJson(n);
  }

  /** The auth config of {@code POST /auth} and {@code X-Registry-Auth}. */
  static RegistryCredentials fromJson(JsonNode n) {
    if (n == null || !n.isObject()) return ANONYMOUS;
    String token = text(n, "identitytoken");
    if (!token.isEmpty()) return new IdentityToken(token);
    String user = text(n, "username");
    String password = text(n, "password");
    String auth = text(n, "auth");
    if (user.isEmpty() && !auth.isEmpty()) {
      // config.json's "auth": base64 of user:password
      String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon > 0) return new Basic(pair.substring(0, colon), pair.substring(colon + 1));
    }
    if (user.isEmpty() && password.isEmpty()) return ANONYMOUS;
    return new Basic(user, password);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
