package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  static final SigningKey KEY = SigningKey.generate();
  static final List<Scope> BUSYBOX = List.of(Scope.repository("library/busybox", "pull", "push"));
  final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  final TokenService tokens = new TokenService(KEY, "berth", "registry.test", Duration.ofMinutes(5), clock);

  static JsonNode part(String token, int index) throws Exception {
    return Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }

  static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void issued_token_round_trips() {
    TokenService.Token token = tokens.issue(Optional.of("alice"), BUSYBOX);
    assertThat(token.issuedAt()).isEqualTo(clock.instant());
    assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(5));
    TokenService.Verified verified = tokens.verify(token.token());
    assertThat(verified.subject()).contains("alice");
    assertThat(verified.access()).isEqualTo(BUSYBOX);
    assertThat(verified.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void token_has_the_spec_header_and_claims() throws Exception {
    String token = tokens.issue(Optional.of("alice"), BUSYBOX).token();
    JsonNode header = part(token, 0);
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    assertThat(header.path("kid").asText()).isEqualTo(KEY.keyId());
    JsonNode claims = part(token, 1);
    long now = clock.instant().getEpochSecond();
    assertThat(claims.path("iss").asText()).isEqualTo("berth");
    assertThat(claims.path("sub").asText()).isEqualTo("alice");
    assertThat(claims.path("aud").asText()).isEqualTo("registry.test");
    assertThat(claims.path("iat").asLong()).isEqualTo(now);
    assertThat(claims.path("nbf").asLong()).isEqualTo(now);
    assertThat(claims.path("exp").asLong()).isEqualTo(now + 300);
    assertThat(claims.path("jti").asText()).isNotEmpty();
    assertThat(claims.path("access").toString())
        .isEqualTo("[{\"type\":\"repository\",\"name\":\"library/busybox\",\"actions\":[\"pull\",\"push\"]}]");
    assertThat(part(tokens.issue(Optional.of("alice"), BUSYBOX).token(), 1).path("jti").asText())
        .isNotEqualTo(claims.path("jti").asText());
  }

  @Test
  void anonymous_token_has_an_empty_subject() throws Exception {
    String token = tokens.issue(Optional.empty(), List.of()).token();
    assertThat(part(token, 1).path("sub").asText()).isEmpty();
    assertThat(part(token, 1).path("access").isArray()).isTrue();
    assertThat(tokens.verify(token).subject()).isEmpty();
    assertThat(tokens.verify(token).access()).isEmpty();
  }

  @Test
  void expired_token_is_refused_after_the_leeway() {
    String token = tokens.issue(Optional.of("alice"), BUSYBOX).token();
    clock.advance(Duration.ofMinutes(5).plus(TokenService.LEEWAY));
    assertThat(tokens.verify(token).subject()).contains("alice"); // within the skew allowance
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(BerthException.Unauthorized.class)
        .hasMessage("invalid token: token expired");
  }

  @Test
  void token_from_the_future_is_refused() {
    clock.advance(Duration.ofMinutes(2));
    String token = tokens.issue(Optional.of("alice"), BUSYBOX).token();
    clock.advance(Duration.ofMinutes(-2));
    assertThatThrownBy(() -> tokens.verify(token)).hasMessage("invalid token: token not yet valid");
  }

  @Test
  void forged_tokens_are_refused() throws Exception {
    String token = tokens.issue(Optional.of("alice"), List.of(Scope.repository("a", "pull"))).token();
    String[] parts = token.split("\\.");
    // More access, same signature.
    String widened = part(token, 1).toString().replace("[\"pull\"]", "[\"pull\",\"push\"]");
    assertThatThrownBy(() -> tokens.verify(parts[0] + "." + encode(widened) + "." + parts[2]))
        .hasMessage("invalid token: invalid signature");
    // Signed by another key that claims our kid.
    SigningKey other = SigningKey.generate();
    String header = "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\"}";
    String input = encode(header) + "." + parts[1];
    String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(other.sign(input.getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> tokens.verify(input + "." + signature)).hasMessage("invalid token: invalid signature");
    // Another key's own token.
    TokenService impostor = new TokenService(other, "berth", "registry.test", Duration.ofMinutes(5), clock);
    assertThatThrownBy(() -> tokens.verify(impostor.issue(Optional.of("alice"), BUSYBOX).token()))
        .hasMessage("invalid token: unknown signing key");
    // alg none and HMAC.
    for (String alg : List.of("none", "HS256")) {
      String unsigned = encode("{\"typ\":\"JWT\",\"alg\":\"" + alg + "\"}") + "." + parts[1] + ".";
      assertThatThrownBy(() -> tokens.verify(unsigned)).hasMessage("invalid token: unexpected signing algorithm");
    }
  }

  @Test
  void wrong_audience_or_issuer_is_refused() {
    TokenService otherService = new TokenService(KEY, "berth", "registry.elsewhere", Duration.ofMinutes(5), clock);
    assertThatThrownBy(() -> tokens.verify(otherService.issue(Optional.of("alice"), BUSYBOX).token()))
        .hasMessage("invalid token: token is for another service");
    TokenService otherIssuer = new TokenService(KEY, "mallory", "registry.test", Duration.ofMinutes(5), clock);
    assertThatThrownBy(() -> tokens.verify(otherIssuer.issue(Optional.of("alice"), BUSYBOX).token()))
        .hasMessage("invalid token: untrusted issuer");
  }

  @Test
  void malformed_tokens_are_refused() {
    for (String bad : List.of("", "abc", "a.b.c", "a.b", encode("[]") + "." + encode("{}") + ".")) {
      assertThatThrownBy(() -> tokens.verify(bad)).as(bad).hasMessage("invalid token: malformed token");
    }
  }

  @Test
  void lifetime_under_a_minute_is_refused() {
    assertThatThrownBy(() -> new TokenService(KEY, "berth", "registry.test", Duration.ofSeconds(30), clock))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
