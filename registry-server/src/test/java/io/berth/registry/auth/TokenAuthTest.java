package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bearer mode: challenges and presented tokens. */
class TokenAuthTest {
  static final List<Scope> PULL = List.of(Scope.repository("samalba/my-app", "pull"));
  static final List<Scope> PUSH = List.of(Scope.repository("samalba/my-app", "pull", "push"));
  final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  final TokenService tokens = new TokenService(SigningKey.generate(), "berth", "registry.docker.io", Duration.ofMinutes(5), clock);
  final RegistryAuth auth = RegistryAuth.token("https://auth.docker.io/token", tokens, AccessPolicy.standard(true));

  Optional<String> bearer(Optional<String> subject, List<Scope> access) {
    return Optional.of("Bearer " + tokens.issue(subject, access).token());
  }

  static Decision.Challenge challenge(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Challenge.class);
    return (Decision.Challenge) decision;
  }

  @Test
  void challenge_is_spelled_as_in_the_token_spec() {
    Decision.Challenge challenge = challenge(auth.check(Optional.empty(), PUSH));
    assertThat(challenge.wwwAuthenticate()).isEqualTo(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");
    assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
    assertThat(challenge.errorJson()).contains("\"code\":\"UNAUTHORIZED\"", "\"Action\":\"push\"");
  }

  @Test
  void base_check_challenge_has_no_scope_and_any_valid_token_passes_it() {
    assertThat(challenge(auth.check(Optional.empty(), List.of())).wwwAuthenticate())
        .isEqualTo("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"");
    assertThat(auth.check(bearer(Optional.empty(), List.of()), List.of())).isEqualTo(Decision.Allow.anonymous());
  }

  @Test
  void several_scopes_go_into_one_scope_parameter() {
    // A cross-repository mount needs push on the target and pull on the source.
    List<Scope> needed = List.of(Scope.repository("b", "pull", "push"), Scope.repository("a", "pull"));
    assertThat(challenge(auth.check(Optional.empty(), needed)).wwwAuthenticate())
        .endsWith(",scope=\"repository:b:pull,push repository:a:pull\"");
  }

  @Test
  void token_with_the_scope_is_allowed() {
    assertThat(auth.check(bearer(Optional.of("alice"), PUSH), PUSH)).isEqualTo(new Decision.Allow(Optional.of("alice")));
    assertThat(auth.check(bearer(Optional.of("alice"), PUSH), PULL)).isEqualTo(new Decision.Allow(Optional.of("alice")));
    assertThat(auth.check(Optional.of("bearer " + tokens.issue(Optional.empty(), PULL).token()), PULL))
        .isEqualTo(Decision.Allow.anonymous());
  }

  @Test
  void insufficient_scope_asks_for_a_new_token() {
    // Anonymous: must log in. A user whose token is too narrow: a fresh token would do.
    for (Optional<String> subject : List.of(Optional.<String>empty(), Optional.of("alice"))) {
      Decision.Challenge challenge = challenge(auth.check(bearer(subject, PULL), PUSH));
      assertThat(challenge.code()).as(subject.toString()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
      assertThat(challenge.wwwAuthenticate()).endsWith("scope=\"repository:samalba/my-app:pull,push\",error=\"insufficient_scope\"");
    }
    assertThat(challenge(auth.check(bearer(Optional.of("alice"), List.of(Scope.repository("other", "pull", "push"))), PULL)).code())
        .isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
  }

  @Test
  void user_the_policy_refuses_is_denied() {
    AccessPolicy pullOnly = (subject, requested) -> requested.actions().stream().filter(a -> a.equals("pull")).toList();
    RegistryAuth strict = RegistryAuth.token("https://auth.docker.io/token", tokens, pullOnly);
    Decision.Challenge challenge = challenge(strict.check(bearer(Optional.of("alice"), PULL), PUSH));
    assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.DENIED);
    assertThat(challenge.status()).isEqualTo(403);
  }

  @Test
  void invalid_tokens_are_challenged_as_invalid_token() {
    TokenService otherAudience = new TokenService(tokens.key(), "berth", "registry.elsewhere", Duration.ofMinutes(5), clock);
    TokenService otherKey = new TokenService(SigningKey.generate(), "berth", "registry.docker.io", Duration.ofMinutes(5), clock);
    Optional<String> expired = bearer(Optional.of("alice"), PUSH);
    List<Optional<String>> bad = List.of(
        Optional.of("Bearer not-a-token"),
        Optional.of("Bearer " + otherAudience.issue(Optional.of("alice"), PUSH).token()),
        Optional.of("Bearer " + otherKey.issue(Optional.of("alice"), PUSH).token()));
    for (Optional<String> header : bad) {
      Decision.Challenge challenge = challenge(auth.check(header, PULL));
      assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
      assertThat(challenge.wwwAuthenticate()).endsWith(",error=\"invalid_token\"");
    }
    clock.advance(Duration.ofMinutes(10));
    assertThat(challenge(auth.check(expired, PULL)).wwwAuthenticate()).endsWith(",error=\"invalid_token\"");
  }

  @Test
  void basic_credentials_are_not_a_token() {
    Decision.Challenge challenge = challenge(auth.check(Optional.of(new BasicCredentials("alice", "secret").header()), PULL));
    assertThat(challenge.wwwAuthenticate()).startsWith("Bearer realm=").doesNotContain("error=");
  }
}
