package io.berth.registry;

import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.http.server.Handler;
import io.berth.http.server.QueryParams;
import io.berth.registry.auth.Decision;
import io.berth.registry.auth.RegistryAuth;
import io.berth.registry.auth.Scope;
import io.berth.registry.auth.TokenEndpoint;
import io.berth.registry.auth.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Authenticator} over package {@code auth}: each /v2/ request's {@code Authorization}
 * header is checked by the configured {@link RegistryAuth} (htpasswd basic auth or bearer tokens),
 * and with bearer tokens the registry serves its own token endpoint at {@code /token} (GET as the
 * docker CLI and dockerd ask, POST as containerd's OAuth form does).
 */
final class AuthGate implements Authenticator {
  static final String TOKEN_PATH = "/token";

  private final RegistryAuth auth;
  private final Optional<TokenEndpoint> tokens;
  private final RegistryAuth pages;

  AuthGate(RegistryAuth auth, Optional<TokenEndpoint> tokens) {
    this(auth, tokens, auth);
  }

  /** {@code pages}: how web pages are checked (basic auth with the same users and policy in token mode). */
  AuthGate(RegistryAuth auth, Optional<TokenEndpoint> tokens, RegistryAuth pages) {
    this.auth = auth;
    this.tokens = tokens;
    this.pages = pages;
  }

  @Override public Access check(Exchange request, List<Scope> scopes) {
    return decide(auth, request, scopes);
  }

  /** A bearer token (an API client browsing) is checked as on /v2/; anything else as a browser's basic auth. */
  @Override public Access checkPage(Exchange request, List<Scope> scopes) {
    Optional<String> authorization = request.headers().first("Authorization");
    boolean bearer = authorization.map(a -> a.strip().regionMatches(true, 0, "Bearer ", 0, 7)).orElse(false);
    return decide(bearer ? auth : pages, request, scopes);
  }

  private static Access decide(RegistryAuth auth, Exchange request, List<Scope> scopes) {
    return switch (auth.check(request.headers().first("Authorization"), scopes)) {
      case Decision.Allow a -> new Access.Allowed(a.subject());
      case Decision.Challenge c -> c.status() == 403 ? Access.denied(c.message())
          : Access.challenge(c.wwwAuthenticate(), c.message());
    };
  }

  @Override public Optional<Handler> route(String path) {
    if (tokens.isEmpty() || !path.equals(TOKEN_PATH)) return Optional.empty();
    return Optional.of(this::token);
  }

  private void token(Exchange ex) throws Exception {
    TokenEndpoint endpoint = tokens.orElseThrow();
    TokenResponse r;
    if (ex.method().equals("POST")) {
      String form = new String(ex.body().readNBytes(64 * 1024), StandardCharsets.UTF_8);
      r = endpoint.issueOAuth(QueryParams.parse(form).asMap());
    } else {
      QueryParams q = ex.query();
      r = endpoint.issue(ex.headers().first("Authorization"), q.get("service"), q.all("scope"), q.get("account"));
    }
    Headers h = RegistryHandler.headers().set("Content-Type", "application/json");
    r.wwwAuthenticate().ifPresent(w -> h.set("WWW-Authenticate", w));
    ex.respond(r.status(), h, r.json().getBytes(StandardCharsets.UTF_8));
  }
}
