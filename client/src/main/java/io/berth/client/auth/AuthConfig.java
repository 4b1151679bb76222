package io.berth.client.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registry's credentials (Docker's {@code registry.AuthConfig}): a user name and password, or
 * an identity token from an earlier login. Empty strings stand for absent fields, which are left
 * out of the JSON as Go's {@code omitempty} does.
 */
public record AuthConfig(String username, String password, String auth, String email, String serverAddress,
                         String identityToken, String registryToken) {
  public static final AuthConfig EMPTY = new AuthConfig("", "", "", "", "", "", "");

  public AuthConfig {
    username = nz(username);
    password = nz(password);
    auth = nz(auth);
    email = nz(email);
    serverAddress = nz(serverAddress);
    identityToken = nz(identityToken);
    registryToken = nz(registryToken);
  }

  public static AuthConfig of(String username, String password, String serverAddress) {
    return new AuthConfig(username, password, "", "", serverAddress, "", "");
  }

  public AuthConfig withServerAddress(String s) {
    return new AuthConfig(username, password, auth, email, s, identityToken, registryToken);
  }

  public AuthConfig withUser(String user, String pass) {
    return new AuthConfig(user, pass, auth, email, serverAddress, identityToken, registryToken);
  }

  public AuthConfig withIdentityToken(String token) {
    return new AuthConfig(username, password, auth, email, serverAddress, token, registryToken);
  }

  /** The JSON object in Docker's field order, empty fields left out (the body of {@code POST /auth}). */
  public Map<String, Object> toJson() {
    var m = new LinkedHashMap<String, Object>();
    put(m, "username", username);
    put(m, "password", password);
    put(m, "auth", auth);
    put(m, "email", email);
    put(m, "serveraddress", serverAddress);
    put(m, "identitytoken", identityToken);
    put(m, "registrytoken", registryToken);
    return m;
  }

  /** The {@code X-Registry-Auth} header value: base64url of the JSON; {@code e30=} ("{}") when empty. */
  public String encoded() {
    return Base64.getUrlEncoder().encodeToString(GoJson.compact(toJson()).getBytes(StandardCharsets.UTF_8));
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (!value.isEmpty()) m.put(key, value);
  }

  private static String nz(String s) { return s == null ? "" : s; }
}
