package io.berth.registry.auth;

import java.util.Locale;
import java.util.Optional;

/** Small helpers for {@code Authorization} and {@code WWW-Authenticate} values. */
final class AuthHeaders {
  private AuthHeaders() {}

  /** The credentials after {@code scheme} (case-insensitive, RFC 7235), empty for another scheme. */
  static Optional<String> credentials(String authorization, String scheme) {
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space <= 0) return Optional.empty();
    if (!value.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) return Optional.empty();
    String rest = value.substring(space + 1).strip();
    return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
  }

  /** A quoted-string parameter value ({@code "..."} with {@code \} escapes), as Go's %q writes it. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\');
      out.append(c);
    }
    return out.append('"').toString();
  }
}
