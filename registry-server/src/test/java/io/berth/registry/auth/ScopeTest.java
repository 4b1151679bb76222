package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void parses_and_prints_a_repository_scope() {
    Scope scope = Scope.parse("repository:samalba/my-app:pull,push");
    assertThat(scope).isEqualTo(Scope.repository("samalba/my-app", "pull", "push"));
    assertThat(scope.toString()).isEqualTo("repository:samalba/my-app:pull,push");
  }

  @Test
  void a_name_may_carry_a_host_port() {
    Scope scope = Scope.parse("repository:localhost:5000/foo/bar:pull");
    assertThat(scope.type()).isEqualTo("repository");
    assertThat(scope.name()).isEqualTo("localhost:5000/foo/bar");
    assertThat(scope.actions()).containsExactly("pull");
    assertThat(scope.toString()).isEqualTo("repository:localhost:5000/foo/bar:pull");
  }

  @Test
  void catalog_scope_is_registry_catalog_star() {
    assertThat(Scope.catalog().toString()).isEqualTo("registry:catalog:*");
    assertThat(Scope.parse("registry:catalog:*")).isEqualTo(Scope.catalog());
    assertThat(Scope.catalog().allows("anything")).isTrue();
  }

  @Test
  void resource_class_is_dropped_and_duplicate_actions_collapse() {
    assertThat(Scope.parse("repository(plugin):vieux/sshfs:pull,pull,push"))
        .isEqualTo(Scope.repository("vieux/sshfs", "pull", "push"));
  }

  @Test
  void empty_action_list_is_allowed() {
    assertThat(Scope.parse("repository:foo:").actions()).isEmpty();
  }

  @Test
  void parse_all_reads_space_separated_scopes_and_merge_joins_resources() {
    List<Scope> scopes = Scope.parseAll(" repository:a:pull  repository:b:pull repository:a:push ");
    assertThat(scopes).hasSize(3);
    assertThat(Scope.format(Scope.merge(scopes))).isEqualTo("repository:a:pull,push repository:b:pull");
  }

  @Test
  void malformed_scopes_are_invalid_arguments() {
    for (String bad : List.of("", "repository", "repository:foo", ":foo:pull", "Repository:foo:pull",
        "repository::pull", "repository:foo:PULL", "repository:foo:pull;push", "repository:fo\"o:pull")) {
      assertThatThrownBy(() -> Scope.parse(bad)).as(bad).isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessageStartingWith("invalid scope");
    }
  }

  @Test
  void covers_needs_every_action_on_the_same_resource() {
    List<Scope> granted = List.of(Scope.repository("a", "pull", "push"), Scope.repository("b", "pull"));
    assertThat(Scope.covers(granted, List.of(Scope.repository("a", "push"), Scope.repository("b", "pull")))).isTrue();
    assertThat(Scope.covers(granted, List.of(Scope.repository("b", "push")))).isFalse();
    assertThat(Scope.covers(granted, List.of(Scope.repository("c", "pull")))).isFalse();
    assertThat(Scope.covers(granted, List.of(new Scope("registry", "a", List.of("pull"))))).isFalse();
    assertThat(Scope.covers(List.of(), List.of())).isTrue();
  }
}
