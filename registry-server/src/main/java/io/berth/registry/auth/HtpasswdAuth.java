package io.berth.registry.auth;

import java.util.List;
import java.util.Optional;

/** Basic auth against an htpasswd file (see {@link RegistryAuth#htpasswd}). */
public record HtpasswdAuth(String realm, Htpasswd users, AccessPolicy policy) implements RegistryAuth {

  /** {@code Basic realm="..."}, as the reference registry's htpasswd access controller writes it. */
  public String challengeHeader() {
    return "Basic realm=" + AuthHeaders.quote(realm);
  }

  @Override public Decision check(Optional<String> authorization, List<Scope> needed) {
    Optional<String> subject = Optional.empty();
    if (authorization.isPresent() && !authorization.get().isBlank()) {
      // Wrong credentials are refused even where anonymous access would do: the client asked to be
      // someone, and silently serving it as anonymous would hide a typo'd password until a push.
      subject = BasicCredentials.parse(authorization.get()).flatMap(users::authenticate);
      if (subject.isEmpty()) return challenge(Decision.ErrorCode.UNAUTHORIZED, needed);
    }
    if (subject.isEmpty() && needed.isEmpty()) return challenge(Decision.ErrorCode.UNAUTHORIZED, needed);
    Optional<String> who = subject;
    List<Scope> granted = needed.stream().map(s -> policy.grant(who, s)).toList();
    if (Scope.covers(granted, needed)) return new Decision.Allow(subject);
    return challenge(subject.isEmpty() ? Decision.ErrorCode.UNAUTHORIZED : Decision.ErrorCode.DENIED, needed);
  }

  private Decision.Challenge challenge(Decision.ErrorCode code, List<Scope> needed) {
    return new Decision.Challenge(code, challengeHeader(), needed);
  }
}
