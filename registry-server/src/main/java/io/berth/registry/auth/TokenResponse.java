package io.berth.registry.auth;

import io.berth.oci.Json;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint's answer, independent of the HTTP server: send {@link #status()}, the
 * {@code WWW-Authenticate} header when {@link #wwwAuthenticate()} has one, and {@link #json()} as an
 * {@code application/json} body.
 */
public sealed interface TokenResponse {

  int status();

  Optional<String> wwwAuthenticate();

  String json();

  /**
   * 200: {@code {"token":"...","access_token":"...","expires_in":300,"issued_at":"2025-01-01T00:00:00Z"}}
   * as Docker Hub answers (both token names, for old and OAuth-minded clients); the OAuth form also
   * gets the granted {@code scope}, as distribution's token server writes it.
   */
  record Issued(TokenService.Token token, boolean oauth) implements TokenResponse {
    @Override public int status() { return 200; }

    @Override public Optional<String> wwwAuthenticate() { return Optional.empty(); }

    @Override public String json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token.token());
      body.put("access_token", token.token());
      body.put("expires_in", token.expiresIn().toSeconds());
      body.put("issued_at", token.issuedAt().truncatedTo(ChronoUnit.SECONDS).toString());
      if (oauth) body.put("scope", Scope.format(token.access()));
      return Json.string(body);
    }
  }

  /**
   * An error in the distribution error format, {@code {"errors":[{"code":..,"message":..}]}}: 401
   * UNAUTHORIZED for bad credentials (with a Basic challenge on GET, so clients know to send them),
   * 400 {@code MISSING_REQUIRED_FIELD}, {@code UNSUPPORTED_VALUE} or {@code BAD_TOKEN_OPTION} for a
   * malformed request, the codes of distribution's token server.
   */
  record Refused(int status, String code, String message, Optional<String> wwwAuthenticate) implements TokenResponse {
    @Override public String json() {
      return Json.string(Map.of("errors", List.of(Map.of("code", code, "message", message))));
    }
  }
}
