package io.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A user and password from an {@code Authorization: Basic base64(user:password)} header. */
public record BasicCredentials(String user, String password) {

  @Override public String toString() {
    return "BasicCredentials[user=" + user + "]"; // never the password, even in logs
  }

  /** The credentials of a Basic header; empty for another scheme or a malformed value. */
  public static Optional<BasicCredentials> parse(String authorization) {
    Optional<String> value = AuthHeaders.credentials(authorization, "Basic");
    if (value.isEmpty()) return Optional.empty();
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(value.get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return Optional.empty();
    return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** The header value a client would send, for tests and clients. */
  public String header() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
