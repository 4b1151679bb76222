package io.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.errors.BerthException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Issues and verifies the registry's bearer tokens: JWTs as in distribution's token spec (claims
 * {@code iss sub aud exp nbf iat jti access}), signed with one {@link SigningKey}. The registry is
 * its own token server, so verification trusts exactly that key, this issuer and this service as
 * audience. Expiry and not-before are checked with a 60 s leeway for clock skew, as distribution
 * does.
 */
public final class TokenService {
  /** Docker Hub's token lifetime; the spec asks for at least 60 s. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKey key;
  private final String issuer;
  private final String service;
  private final Duration ttl;
  private final Clock clock;

  public TokenService(SigningKey key, String issuer, String service, Duration ttl, Clock clock) {
    if (ttl.compareTo(Duration.ofSeconds(60)) < 0) throw BerthException.invalid("token lifetime must be at least 60s");
    this.key = key;
    this.issuer = issuer;
    this.service = service;
    this.ttl = ttl;
    this.clock = clock;
  }

  public TokenService(SigningKey key, String issuer, String service) {
    this(key, issuer, service, DEFAULT_TTL, Clock.systemUTC());
  }

  /** The audience tokens are issued for and must carry: the {@code service} of challenges. */
  public String service() { return service; }

  public String issuer() { return issuer; }

  public SigningKey key() { return key; }

  Clock clock() { return clock; }

  /** A signed token, when it was issued and how long it lives. */
  public record Token(String token, Instant issuedAt, Duration expiresIn, Optional<String> subject, List<Scope> access) {}

  /** What a valid token grants. */
  public record Verified(Optional<String> subject, List<Scope> access, Instant expiresAt) {}

  record Access(String type, String name, List<String> actions) {}

  record Claims(String iss, String sub, String aud, long exp, long nbf, long iat, String jti, List<Access> access) {}

  /** Signs a token for {@code subject} (empty: anonymous, {@code sub} is "") granting {@code access}. */
  public Token issue(Optional<String> subject, List<Scope> access) {
    Instant now = clock.instant();
    long iat = now.getEpochSecond();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    List<Access> entries = access.stream().map(s -> new Access(s.type(), s.name(), s.actions())).toList();
    Claims claims = new Claims(issuer, subject.orElse(""), service, iat + ttl.toSeconds(), iat, iat,
        Base64.getUrlEncoder().withoutPadding().encodeToString(id), entries);
    return new Token(Jwt.sign(key, claims), Instant.ofEpochSecond(iat), ttl, subject, List.copyOf(access));
  }

  /**
   * Checks a presented token: our key and algorithm (the header's {@code alg} is not trusted to pick
   * one, so {@code none} and HMAC tricks fail), signature, issuer, audience, validity window; then
   * reads its grants. Throws Unauthorized naming the first failed check.
   */
  public Verified verify(String token) {
    Jwt.Parsed jwt = Jwt.parse(token).orElseThrow(() -> invalid("malformed token"));
    if (!key.algorithm().equals(jwt.header().path("alg").asText())) throw invalid("unexpected signing algorithm");
    JsonNode kid = jwt.header().get("kid");
    if (kid != null && !key.keyId().equals(kid.asText())) throw invalid("unknown signing key");
    if (!key.verify(jwt.signingInput(), jwt.signature())) throw invalid("invalid signature");
    JsonNode claims = jwt.claims();
    if (!issuer.equals(claims.path("iss").asText())) throw invalid("untrusted issuer");
    if (!audienceMatches(claims.get("aud"))) throw invalid("token is for another service");
    long now = clock.instant().getEpochSecond();
    if (!claims.path("exp").canConvertToLong() || now > claims.path("exp").asLong() + LEEWAY.toSeconds()) {
      throw invalid("token expired");
    }
    if (claims.has("nbf") && now < claims.path("nbf").asLong() - LEEWAY.toSeconds()) throw invalid("token not yet valid");
    String sub = claims.path("sub").asText("");
    return new Verified(sub.isEmpty() ? Optional.empty() : Optional.of(sub), access(claims.get("access")),
        Instant.ofEpochSecond(claims.path("exp").asLong()));
  }

  private boolean audienceMatches(JsonNode aud) {
    if (aud == null) return false;
    if (aud.isTextual()) return service.equals(aud.asText());
    if (aud.isArray()) {
      for (JsonNode one : aud) if (one.isTextual() && service.equals(one.asText())) return true;
    }
    return false;
  }

  private static List<Scope> access(JsonNode access) {
    List<Scope> out = new ArrayList<>();
    if (access == null || access.isNull()) return out;
    if (!access.isArray()) throw invalid("malformed access claim");
    try {
      for (JsonNode entry : access) {
        List<String> actions = new ArrayList<>();
        for (JsonNode action : entry.path("actions")) actions.add(action.asText());
        out.add(new Scope(entry.path("type").asText(), entry.path("name").asText(), actions));
      }
    } catch (BerthException.InvalidArgument e) {
      throw invalid("malformed access claim");
    }
    return out;
  }

  private static BerthException.Unauthorized invalid(String why) {
    return new BerthException.Unauthorized("invalid token: " + why);
  }
}
