package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
  static final String SERVICE = "registry.test";
  static final Optional<String> ALICE = Optional.of(new BasicCredentials("alice", "secret").header());
  final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  final TokenService tokens = new TokenService(SigningKey.generate(), "berth", SERVICE, Duration.ofMinutes(5), clock);

  TokenEndpoint endpoint(boolean anonymousPull) {
    return new TokenEndpoint("berth registry", RegistryAuthTest.USERS, AccessPolicy.standard(anonymousPull), tokens);
  }

  RegistryAuth auth(boolean anonymousPull) {
    return RegistryAuth.token("https://localhost:5000/token", tokens, AccessPolicy.standard(anonymousPull));
  }

  static JsonNode json(TokenResponse response) throws Exception {
    return Json.mapper().readTree(response.json());
  }

  TokenService.Verified granted(TokenResponse response) {
    assertThat(response).isInstanceOf(TokenResponse.Issued.class);
    return tokens.verify(((TokenResponse.Issued) response).token().token());
  }

  @Test
  void answers_as_docker_hub_does() throws Exception {
    TokenResponse response = endpoint(false).issue(ALICE, Optional.of(SERVICE), List.of("repository:library/busybox:pull,push"),
        Optional.of("alice"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.wwwAuthenticate()).isEmpty();
    JsonNode body = json(response);
    assertThat(body.path("token").asText()).isNotEmpty().isEqualTo(body.path("access_token").asText());
    assertThat(body.path("expires_in").asLong()).isEqualTo(300);
    assertThat(body.path("issued_at").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(body.has("scope")).isFalse();
    assertThat(granted(response).access()).containsExactly(Scope.repository("library/busybox", "pull", "push"));
    assertThat(granted(response).subject()).contains("alice");
  }

  @Test
  void user_token_lets_the_registry_push() {
    TokenResponse response = endpoint(false).issue(ALICE, Optional.of(SERVICE), List.of("repository:a:pull,push"), Optional.empty());
    String header = "Bearer " + ((TokenResponse.Issued) response).token().token();
    assertThat(auth(false).check(Optional.of(header), List.of(Scope.repository("a", "pull", "push"))))
        .isEqualTo(new Decision.Allow(Optional.of("alice")));
  }

  @Test
  void anonymous_gets_pull_only_when_allowed() {
    List<String> pullPush = List.of("repository:a:pull,push");
    TokenService.Verified open = granted(endpoint(true).issue(Optional.empty(), Optional.of(SERVICE), pullPush, Optional.empty()));
    assertThat(open.subject()).isEmpty();
    assertThat(open.access()).containsExactly(Scope.repository("a", "pull"));
    TokenService.Verified closed = granted(endpoint(false).issue(Optional.empty(), Optional.of(SERVICE), pullPush, Optional.empty()));
    assertThat(closed.access()).isEmpty();
  }

  @Test
  void anonymous_token_pulls_but_cannot_push() {
    TokenResponse response = endpoint(true).issue(Optional.empty(), Optional.of(SERVICE), List.of("repository:a:pull,push"),
        Optional.empty());
    Optional<String> header = Optional.of("Bearer " + ((TokenResponse.Issued) response).token().token());
    assertThat(auth(true).check(header, List.of(Scope.repository("a", "pull")))).isEqualTo(Decision.Allow.anonymous());
    Decision.Challenge push = (Decision.Challenge) auth(true).check(header, List.of(Scope.repository("a", "pull", "push")));
    assertThat(push.code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
  }

  @Test
  void scopes_may_repeat_and_share_a_parameter() {
    TokenService.Verified verified = granted(endpoint(false).issue(ALICE, Optional.empty(),
        List.of("repository:a:pull repository:b:pull", "repository:a:push", "registry:catalog:*"), Optional.empty()));
    assertThat(verified.access()).containsExactly(Scope.repository("a", "pull", "push"), Scope.repository("b", "pull"),
        Scope.catalog());
  }

  @Test
  void wrong_password_is_401_with_a_basic_challenge() throws Exception {
    TokenResponse response = endpoint(true).issue(Optional.of(new BasicCredentials("alice", "wrong").header()),
        Optional.of(SERVICE), List.of("repository:a:pull"), Optional.of("alice"));
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.wwwAuthenticate()).contains("Basic realm=\"berth registry\"");
    assertThat(response.json()).isEqualTo("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}");
  }

  @Test
  void bad_requests_are_400() throws Exception {
    TokenEndpoint endpoint = endpoint(true);
    TokenResponse wrongService = endpoint.issue(ALICE, Optional.of("elsewhere"), List.of(), Optional.empty());
    assertThat(wrongService.status()).isEqualTo(400);
    assertThat(json(wrongService).path("errors").get(0).path("code").asText()).isEqualTo("UNSUPPORTED_VALUE");
    TokenResponse badScope = endpoint.issue(ALICE, Optional.of(SERVICE), List.of("repository:a"), Optional.empty());
    assertThat(badScope.status()).isEqualTo(400);
    assertThat(json(badScope).path("errors").get(0).path("code").asText()).isEqualTo("BAD_TOKEN_OPTION");
    TokenResponse otherAccount = endpoint.issue(ALICE, Optional.of(SERVICE), List.of(), Optional.of("bob"));
    assertThat(otherAccount.status()).isEqualTo(400);
  }

  @Test
  void oauth_password_grant_issues_a_token_with_its_scope() throws Exception {
    TokenResponse response = endpoint(false).issueOAuth(Map.of("grant_type", List.of("password"), "username", List.of("alice"),
        "password", List.of("secret"), "service", List.of(SERVICE), "client_id", List.of("containerd-client"),
        "scope", List.of("repository:a:pull,push repository:b:pull")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).path("scope").asText()).isEqualTo("repository:a:pull,push repository:b:pull");
    assertThat(granted(response).subject()).contains("alice");
  }

  @Test
  void oauth_errors() throws Exception {
    TokenEndpoint endpoint = endpoint(false);
    Map<String, List<String>> base = Map.of("service", List.of(SERVICE), "username", List.of("alice"), "password", List.of("x"));
    TokenResponse noGrant = endpoint.issueOAuth(base);
    assertThat(noGrant.status()).isEqualTo(400);
    assertThat(json(noGrant).path("errors").get(0).path("code").asText()).isEqualTo("MISSING_REQUIRED_FIELD");
    TokenResponse refresh = endpoint.issueOAuth(Map.of("grant_type", List.of("refresh_token"), "service", List.of(SERVICE),
        "refresh_token", List.of("abc")));
    assertThat(refresh.status()).isEqualTo(400);
    TokenResponse wrong = endpoint.issueOAuth(Map.of("grant_type", List.of("password"), "service", List.of(SERVICE),
        "username", List.of("alice"), "password", List.of("wrong")));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.wwwAuthenticate()).isEmpty();
    TokenResponse noService = endpoint.issueOAuth(Map.of("grant_type", List.of("password")));
    assertThat(json(noService).path("errors").get(0).path("message").asText()).isEqualTo("missing service value");
  }
}
