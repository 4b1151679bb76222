package io.berth.registry.auth;

import java.util.List;
import java.util.Optional;

/**
 * Who may do what: the access control list both the basic-auth check and the token server consult.
 * {@link #granted} answers with the subset of the requested actions the subject has; an empty
 * subject is an anonymous client.
 */
@FunctionalInterface
public interface AccessPolicy {

  /** The actions of {@code requested} that {@code subject} may perform (possibly none). */
  List<String> granted(Optional<String> subject, Scope requested);

  /** {@code requested} cut down to what {@code subject} may do (the token spec's "intersection"). */
  default Scope grant(Optional<String> subject, Scope requested) {
    return requested.withActions(granted(subject, requested));
  }

  /**
   * Berth's policy: every htpasswd user may do everything; an anonymous client may pull (and list the
   * catalog) only when {@code anonymousPull} is set, and never push or delete.
   */
  static AccessPolicy standard(boolean anonymousPull) {
    return (subject, requested) -> {
      if (subject.isPresent()) return requested.actions();
      if (!anonymousPull) return List.of();
      if (requested.type().equals(Scope.REPOSITORY)) {
        return requested.allows(Scope.PULL) ? List.of(Scope.PULL) : List.of();
      }
      boolean catalog = requested.type().equals(Scope.REGISTRY) && requested.name().equals("catalog");
      return catalog ? requested.actions() : List.of();
    };
  }
}
