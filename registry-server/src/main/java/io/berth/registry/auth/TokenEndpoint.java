package io.berth.registry.auth;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token server of the bearer flow, as functions of the request's parts so any HTTP layer can
 * route to it: {@link #issue} for {@code GET /token?service=&scope=&account=} (basic auth or
 * anonymous; what dockerd and skopeo use) and {@link #issueOAuth} for the OAuth2 password grant
 * {@code POST /token} (what containerd tries first). Following the token spec, asking for more than
 * the user may have is not an error: the token grants the intersection of the request and the
 * {@link AccessPolicy}, and the registry refuses what it lacks. Refresh tokens are not issued
 * ({@code offline_token} is ignored), so {@code docker login} stores the password, not an identity
 * token.
 */
public final class TokenEndpoint {
  private static final String BAD_CREDENTIALS = "incorrect username or password";

  private final String basicRealm;
  private final Htpasswd users;
  private final AccessPolicy policy;
  private final TokenService tokens;

  /** {@code basicRealm} names the realm of the Basic challenge sent with a 401 for bad credentials. */
  public TokenEndpoint(String basicRealm, Htpasswd users, AccessPolicy policy, TokenService tokens) {
    this.basicRealm = basicRealm;
    this.users = users;
    this.policy = policy;
    this.tokens = tokens;
  }

  /**
   * {@code GET /token}. {@code scopes} are the values of every {@code scope} parameter (each may hold
   * several, space-separated); an absent {@code service} is taken to be ours.
   */
  public TokenResponse issue(Optional<String> authorization, Optional<String> service, List<String> scopes,
      Optional<String> account) {
    if (service.isPresent() && !service.get().equals(tokens.service())) return unsupported("unknown service: " + service.get());
    Optional<List<Scope>> requested = parseScopes(scopes);
    if (requested.isEmpty()) return badOption("invalid scope");
    Optional<String> subject = Optional.empty();
    if (authorization.isPresent() && !authorization.get().isBlank()) {
      subject = BasicCredentials.parse(authorization.get()).flatMap(users::authenticate);
      if (subject.isEmpty()) {
        return new TokenResponse.Refused(401, "UNAUTHORIZED", BAD_CREDENTIALS,
            Optional.of("Basic realm=" + AuthHeaders.quote(basicRealm)));
      }
      if (account.isPresent() && !account.get().isEmpty() && !account.get().equals(subject.get())) {
        return unsupported("account does not match the credentials");
      }
    }
    return grant(subject, requested.get(), false);
  }

  /**
   * {@code POST /token} with an {@code application/x-www-form-urlencoded} body, given as its fields:
   * {@code grant_type=password}, {@code username}, {@code password}, {@code service}, {@code scope}
   * (space-separated) and {@code client_id}.
   */
  public TokenResponse issueOAuth(Map<String, List<String>> form) {
    Optional<String> grantType = first(form, "grant_type");
    if (grantType.isEmpty()) return missing("missing grant_type value");
    Optional<String> service = first(form, "service");
    if (service.isEmpty()) return missing("missing service value");
    if (!service.get().equals(tokens.service())) return unsupported("unknown service: " + service.get());
    if (grantType.get().equals("refresh_token")) return unsupported("refresh tokens are not issued by this server");
    if (!grantType.get().equals("password")) return unsupported("unknown grant_type value");
    Optional<String> user = first(form, "username");
    Optional<String> password = first(form, "password");
    if (user.isEmpty()) return unsupported("missing username value");
    if (password.isEmpty()) return unsupported("missing password value");
    Optional<List<Scope>> requested = parseScopes(form.getOrDefault("scope", List.of()));
    if (requested.isEmpty()) return badOption("invalid scope");
    if (!users.verify(user.get(), password.get())) {
      return new TokenResponse.Refused(401, "UNAUTHORIZED", BAD_CREDENTIALS, Optional.empty());
    }
    return grant(user, requested.get(), true);
  }

  private TokenResponse grant(Optional<String> subject, List<Scope> requested, boolean oauth) {
    List<Scope> granted = new ArrayList<>();
    for (Scope scope : Scope.merge(requested)) {
      Scope allowed = policy.grant(subject, scope);
      if (!allowed.actions().isEmpty()) granted.add(allowed);
    }
    return new TokenResponse.Issued(tokens.issue(subject, granted), oauth);
  }

  private static Optional<List<Scope>> parseScopes(List<String> values) {
    List<Scope> out = new ArrayList<>();
    try {
      for (String value : values) out.addAll(Scope.parseAll(value));
    } catch (BerthException.InvalidArgument e) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  private static Optional<String> first(Map<String, List<String>> form, String key) {
    List<String> values = form.getOrDefault(key, List.of());
    return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  private static TokenResponse missing(String message) {
    return new TokenResponse.Refused(400, "MISSING_REQUIRED_FIELD", message, Optional.empty());
  }

  private static TokenResponse unsupported(String message) {
    return new TokenResponse.Refused(400, "UNSUPPORTED_VALUE", message, Optional.empty());
  }

  private static TokenResponse badOption(String message) {
    return new TokenResponse.Refused(400, "BAD_TOKEN_OPTION", message, Optional.empty());
  }
}
