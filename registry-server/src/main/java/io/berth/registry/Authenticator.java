package io.berth.registry;

import io.berth.http.server.Exchange;
import io.berth.http.server.Handler;
import io.berth.registry.auth.Scope;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a request may proceed. {@link RegistryHandler} calls {@link #check} once per
 * /v2/ request, after routing and name validation and before any work, with the scopes the route
 * needs (empty for the {@code GET /v2/} base check, which still needs authentication when the
 * registry requires it). Implementations (htpasswd basic auth, bearer tokens: package
 * {@code io.berth.registry.auth}) read the request's {@code Authorization} header.
 *
 * <p>Called concurrently from many connection threads: implementations must be thread-safe.
 */
public interface Authenticator {

  Access check(Exchange request, List<Scope> scopes);

  /**
   * Routes of the authenticator itself outside /v2/ (a token endpoint such as {@code GET /token}),
   * answered before the registry's own 404. Empty by default.
   */
  default Optional<Handler> route(String path) { return Optional.empty(); }

  /**
   * Decides a web page request (package {@code web}), which needs the same scopes as reading the
   * data through /v2/. Browsers can answer a Basic challenge but not the bearer-token flow, so an
   * authenticator using tokens should accept basic credentials here. The default is {@link #check}.
   */
  default Access checkPage(Exchange request, List<Scope> scopes) { return check(request, scopes); }

  /** Everyone may do everything: the default without --htpasswd or --token-realm. */
  static Authenticator allowAll() {
    return (request, scopes) -> Access.anonymous();
  }
}
