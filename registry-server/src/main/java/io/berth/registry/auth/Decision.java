package io.berth.registry.auth;

import io.berth.oci.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@link RegistryAuth#check} decided for one request. */
public sealed interface Decision {

  /** Serve the request; the subject is the user name, empty for an anonymous client. */
  record Allow(Optional<String> subject) implements Decision {
    public static Allow anonymous() { return new Allow(Optional.empty()); }
  }

  /**
   * Refuse it: answer {@link #status()} with the {@code WWW-Authenticate} header
   * {@link #wwwAuthenticate()} and the error body {@link #errorJson()}. {@code scopes} are the
   * scopes the request needed (the body's {@code detail}, as the reference registry writes it).
   */
  record Challenge(ErrorCode code, String wwwAuthenticate, List<Scope> scopes) implements Decision {
    public Challenge {
      scopes = List.copyOf(scopes);
    }

    public int status() { return code.status(); }

    public String message() { return code.message(); }

    /** {@code {"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[...]}]}}. */
    public String errorJson() {
      List<Map<String, String>> detail = scopes.stream()
          .flatMap(s -> s.actions().stream().map(a -> Map.of("Type", s.type(), "Name", s.name(), "Action", a)))
          .toList();
      Map<String, Object> error = detail.isEmpty()
          ? Map.of("code", code.name(), "message", code.message())
          : Map.of("code", code.name(), "message", code.message(), "detail", detail);
      return Json.string(Map.of("errors", List.of(error)));
    }
  }

  /** The distribution spec's two auth error codes, with their statuses and messages. */
  enum ErrorCode {
    /** No or bad credentials, or a token lacking scope a fresh one would have: log in / fetch a token. */
    UNAUTHORIZED(401, "authentication required"),
    /** The authenticated user may not do this; new credentials for the same user would not help. */
    DENIED(403, "requested access to the resource is denied");

    private final int status;
    private final String message;

    ErrorCode(int status, String message) {
      this.status = status;
      this.message = message;
    }

    public int status() { return status; }

    public String message() { return message; }
  }
}
