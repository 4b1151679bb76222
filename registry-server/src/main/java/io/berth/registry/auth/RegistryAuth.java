package io.berth.registry.auth;

import java.util.List;
import java.util.Optional;

/**
 * How {@code berth registry serve} authenticates and authorizes one request. The server computes the
 * scopes a route needs (see the package documentation) and passes the request's
 * {@code Authorization} header; it answers {@link Decision.Allow} or a {@link Decision.Challenge} to
 * send as the 401/403 response.
 */
public sealed interface RegistryAuth permits RegistryAuth.None, HtpasswdAuth, TokenAuth {

  /**
   * Decides one request. {@code needed} empty is the {@code GET /v2/} base check: in the modes with
   * auth it needs credentials even when anonymous pull is allowed, because clients learn the
   * challenge (Basic or Bearer) from that first 401 and would otherwise never send credentials.
   */
  Decision check(Optional<String> authorization, List<Scope> needed);

  /** Whether requests are checked at all (false only for {@link #none()}). */
  default boolean enabled() { return true; }

  /** No auth: every request is allowed, anonymously. */
  static RegistryAuth none() { return new None(); }

  /**
   * Basic auth against htpasswd users, challenging with {@code Basic realm="<realm>"}. With
   * {@code anonymousPull}, pulls (and the catalog) need no credentials; push and delete do.
   */
  static RegistryAuth htpasswd(String realm, Htpasswd users, boolean anonymousPull) {
    return new HtpasswdAuth(realm, users, AccessPolicy.standard(anonymousPull));
  }

  /**
   * Bearer tokens from {@code realm} (the token endpoint's URL, e.g. {@code https://host:5000/token}),
   * verified by {@code tokens}; {@code policy} must be the one the token endpoint grants by: it tells
   * a token lacking scope that a fresh token would have (401, fetch another) from a user who may not
   * (403 DENIED).
   */
  static RegistryAuth token(String realm, TokenService tokens, AccessPolicy policy) {
    return new TokenAuth(realm, tokens, policy);
  }

  /** The no-auth mode. */
  record None() implements RegistryAuth {
    @Override public Decision check(Optional<String> authorization, List<Scope> needed) {
      return Decision.Allow.anonymous();
    }

    @Override public boolean enabled() { return false; }
  }
}
