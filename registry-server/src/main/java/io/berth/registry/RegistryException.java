package io.berth.registry;

import io.berth.http.Headers;
import java.util.Map;

/**
 * A request the registry refuses: answered with {@link #status()} and the spec's error body
 * {@code {"errors":[{"code","message","detail"}]}}, plus {@link #headers()} (a challenge's
 * {@code WWW-Authenticate}, an upload's {@code Range} after a 416).
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final int status;
  private final transient Object detail;
  private final transient Headers headers = new Headers();

  RegistryException(ErrorCode code, int status, String message, Object detail) {
    super(message);
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  public ErrorCode code() { return code; }

  public int status() { return status; }

  /** The error's {@code detail}: null when there is none. */
  public Object detail() { return detail; }

  /** Extra response headers; mutable until the error is answered. */
  public Headers headers() { return headers; }

  /** Adds a response header; returns this. */
  public RegistryException with(String name, String value) {
    headers.set(name, value);
    return this;
  }

  /** The JSON body. */
  public Map<String, Object> body() {
    var entry = new java.util.LinkedHashMap<String, Object>();
    entry.put("code", code.name());
    entry.put("message", getMessage());
    if (detail != null) entry.put("detail", detail);
    return Map.of("errors", java.util.List.of(entry));
  }
}
