package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The none and htpasswd modes. */
class RegistryAuthTest {
  static final Htpasswd USERS = Htpasswd.parse(HtpasswdTest.FILE);
  static final Optional<String> ALICE = Optional.of(new BasicCredentials("alice", "secret").header());
  static final List<Scope> PULL = List.of(Scope.repository("library/busybox", "pull"));
  static final List<Scope> PUSH = List.of(Scope.repository("library/busybox", "pull", "push"));

  @Test
  void none_allows_everything_anonymously() {
    RegistryAuth auth = RegistryAuth.none();
    assertThat(auth.enabled()).isFalse();
    assertThat(auth.check(Optional.empty(), PUSH)).isEqualTo(Decision.Allow.anonymous());
    assertThat(auth.check(Optional.of("Basic garbage"), List.of())).isEqualTo(Decision.Allow.anonymous());
  }

  @Test
  void basic_challenge_is_the_reference_registry_header() {
    RegistryAuth auth = RegistryAuth.htpasswd("Registry Realm", USERS, false);
    Decision.Challenge challenge = (Decision.Challenge) auth.check(Optional.empty(), PULL);
    assertThat(challenge.wwwAuthenticate()).isEqualTo("Basic realm=\"Registry Realm\"");
    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
    assertThat(challenge.errorJson()).isEqualTo(
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"detail\":[{\"Action\":\"pull\",\"Name\":\"library/busybox\","
            + "\"Type\":\"repository\"}],\"message\":\"authentication required\"}]}");
  }

  @Test
  void basic_user_may_push_pull_and_list() {
    RegistryAuth auth = RegistryAuth.htpasswd("r", USERS, false);
    assertThat(auth.check(ALICE, List.of())).isEqualTo(new Decision.Allow(Optional.of("alice")));
    assertThat(auth.check(ALICE, PUSH)).isEqualTo(new Decision.Allow(Optional.of("alice")));
    assertThat(auth.check(ALICE, List.of(Scope.catalog()))).isEqualTo(new Decision.Allow(Optional.of("alice")));
  }

  @Test
  void wrong_password_or_unknown_user_is_challenged() {
    RegistryAuth auth = RegistryAuth.htpasswd("r", USERS, true);
    for (String header : List.of(new BasicCredentials("alice", "nope").header(), new BasicCredentials("zed", "secret").header(),
        "Basic %%%", "Bearer some.token.here")) {
      Decision decision = auth.check(Optional.of(header), PULL);
      assertThat(decision).as(header).isInstanceOf(Decision.Challenge.class);
      assertThat(((Decision.Challenge) decision).code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
    }
  }

  @Test
  void anonymous_pull_is_allowed_only_with_the_option() {
    RegistryAuth open = RegistryAuth.htpasswd("r", USERS, true);
    RegistryAuth closed = RegistryAuth.htpasswd("r", USERS, false);
    assertThat(open.check(Optional.empty(), PULL)).isEqualTo(Decision.Allow.anonymous());
    assertThat(open.check(Optional.empty(), List.of(Scope.catalog()))).isEqualTo(Decision.Allow.anonymous());
    assertThat(closed.check(Optional.empty(), PULL)).isInstanceOf(Decision.Challenge.class);
    assertThat(closed.check(Optional.empty(), List.of(Scope.catalog()))).isInstanceOf(Decision.Challenge.class);
  }

  @Test
  void anonymous_push_and_delete_need_login_even_with_anonymous_pull() {
    RegistryAuth open = RegistryAuth.htpasswd("r", USERS, true);
    for (List<Scope> needed : List.of(PUSH, List.of(Scope.repository("x", "delete")))) {
      Decision.Challenge challenge = (Decision.Challenge) open.check(Optional.empty(), needed);
      assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.UNAUTHORIZED);
      assertThat(challenge.wwwAuthenticate()).isEqualTo("Basic realm=\"r\"");
    }
  }

  @Test
  void base_check_needs_credentials_even_with_anonymous_pull() {
    // Clients learn the auth scheme from GET /v2/: a 200 there and they would never send credentials.
    RegistryAuth open = RegistryAuth.htpasswd("r", USERS, true);
    assertThat(open.check(Optional.empty(), List.of())).isInstanceOf(Decision.Challenge.class);
  }

  @Test
  void a_user_the_policy_refuses_is_denied() {
    AccessPolicy readOnly = (subject, requested) -> requested.actions().stream().filter(a -> a.equals("pull")).toList();
    RegistryAuth auth = new HtpasswdAuth("r", USERS, readOnly);
    Decision.Challenge challenge = (Decision.Challenge) auth.check(ALICE, PUSH);
    assertThat(challenge.code()).isEqualTo(Decision.ErrorCode.DENIED);
    assertThat(challenge.status()).isEqualTo(403);
    assertThat(challenge.message()).isEqualTo("requested access to the resource is denied");
    assertThat(auth.check(ALICE, PULL)).isEqualTo(new Decision.Allow(Optional.of("alice")));
  }
}
