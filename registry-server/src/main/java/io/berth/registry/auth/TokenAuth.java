package io.berth.registry.auth;

import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;

/** Bearer tokens issued by a {@link TokenService} (see {@link RegistryAuth#token}). */
public record TokenAuth(String realm, TokenService tokens, AccessPolicy policy) implements RegistryAuth {

  /**
   * {@code Bearer realm="...",service="...",scope="..."}, plus {@code error="invalid_token"} or
   * {@code error="insufficient_scope"} when a token was presented (RFC 6750 §3, and the reference
   * registry's order of parameters). No scope parameter for the base check.
   */
  public String challengeHeader(List<Scope> needed, Optional<String> error) {
    StringBuilder header = new StringBuilder("Bearer realm=").append(AuthHeaders.quote(realm))
        .append(",service=").append(AuthHeaders.quote(tokens.service()));
    if (!needed.isEmpty()) header.append(",scope=").append(AuthHeaders.quote(Scope.format(Scope.merge(needed))));
    error.ifPresent(e -> header.append(",error=").append(AuthHeaders.quote(e)));
    return header.toString();
  }

  @Override public Decision check(Optional<String> authorization, List<Scope> needed) {
    Optional<String> token = authorization.flatMap(a -> AuthHeaders.credentials(a, "Bearer"));
    if (token.isEmpty()) return challenge(Decision.ErrorCode.UNAUTHORIZED, needed, Optional.empty());
    TokenService.Verified verified;
    try {
      verified = tokens.verify(token.get());
    } catch (BerthException.Unauthorized e) {
      return challenge(Decision.ErrorCode.UNAUTHORIZED, needed, Optional.of("invalid_token"));
    }
    if (Scope.covers(verified.access(), needed)) return new Decision.Allow(verified.subject());
    // A fresh token would grant more when the policy allows this subject the scope (the client asked
    // the token server for too little): 401 with the scope makes it fetch one. Otherwise an anonymous
    // client must log in (401), and a known user simply may not (403 DENIED).
    List<Scope> wouldGrant = needed.stream().map(s -> policy.grant(verified.subject(), s)).toList();
    boolean denied = verified.subject().isPresent() && !Scope.covers(wouldGrant, needed);
    return challenge(denied ? Decision.ErrorCode.DENIED : Decision.ErrorCode.UNAUTHORIZED, needed,
        Optional.of("insufficient_scope"));
  }

  private Decision.Challenge challenge(Decision.ErrorCode code, List<Scope> needed, Optional<String> error) {
    return new Decision.Challenge(code, challengeHeader(needed, error), needed);
  }
}
