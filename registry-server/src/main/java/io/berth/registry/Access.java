package io.berth.registry;

import java.util.Optional;

/** An {@link Authenticator}'s decision on one request. */
public sealed interface Access {

  /** Go ahead; {@code subject} is who was authenticated (empty: anonymous). */
  record Allowed(Optional<String> subject) implements Access {}

  /**
   * Refuse: a 401 with {@code WWW-Authenticate: challenge} (code UNAUTHORIZED) asks the client to
   * authenticate; a 403 (DENIED) refuses an authenticated client. {@code challenge} is empty for 403.
   */
  record Refused(ErrorCode code, String message, Optional<String> challenge) implements Access {}

  static Access anonymous() { return new Allowed(Optional.empty()); }

  /** A 401 asking for credentials. */
  static Access challenge(String wwwAuthenticate, String message) {
    return new Refused(ErrorCode.UNAUTHORIZED, message, Optional.of(wwwAuthenticate));
  }

  /** A 403. */
  static Access denied(String message) {
    return new Refused(ErrorCode.DENIED, message, Optional.empty());
  }
}
