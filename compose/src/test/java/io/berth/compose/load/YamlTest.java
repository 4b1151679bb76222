package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlTest {
  @Test
  void core_schema_types_plain_scalars_and_keeps_quoted_ones_strings() {
    Yaml.Doc d = Yaml.parse("compose.yaml", """
        a: true
        b: 42
        c: "42"
        d: 'true'
        e: 1.5
        f: null
        g: ~
        h: yes
        i: 0x1F
        j: 80:80
        k: 0440
        """);
    Map<String, Object> m = Merger.castMap(d.root());
    assertThat(m.get("a")).isEqualTo(true);
    assertThat(m.get("b")).isEqualTo(42L);
    assertThat(m.get("c")).isEqualTo("42");
    assertThat(m.get("d")).isEqualTo("true");
    assertThat(m.get("e")).isEqualTo(1.5);
    assertThat(m).containsEntry("f", null).containsEntry("g", null);
    assertThat(m.get("h")).isEqualTo("yes");
    assertThat(m.get("i")).isEqualTo(31L);
    assertThat(m.get("j")).isEqualTo("80:80");
    assertThat(m.get("k")).isEqualTo(288L);
  }

  @Test
  void anchors_aliases_and_merge_keys_are_resolved() {
    Yaml.Doc d = Yaml.parse("compose.yaml", """
        x-base: &base
          image: busybox
          environment: {A: "1"}
        x-more: &more
          image: alpine
          tty: true
        services:
          web:
            <<: [*base, *more]
            environment: {B: "2"}
          db:
            <<: *base
          list:
            command: &cmd [sh, -c]
            entrypoint: *cmd
        """);
    Map<String, Object> services = Merger.castMap(Merger.castMap(d.root()).get("services"));
    Map<String, Object> web = Merger.castMap(services.get("web"));
    assertThat(web).containsEntry("image", "busybox").containsEntry("tty", true)
        .containsEntry("environment", Map.of("B", "2"));
    assertThat(Merger.castMap(services.get("db"))).containsEntry("image", "busybox");
    assertThat(Merger.castMap(services.get("list")).get("entrypoint")).isEqualTo(List.of("sh", "-c"));
  }

  @Test
  void marks_locate_paths_and_syntax_errors_are_located() {
    Yaml.Doc d = Yaml.parse("compose.yaml", "services:\n  web:\n    ports:\n      - \"80:80\"\n");
    assertThat(d.marks().get("services.web.ports[0]")).isEqualTo("compose.yaml:4:9");
    assertThatThrownBy(() -> Yaml.parse("compose.yaml", "services:\n  web: [\n"))
        .isInstanceOf(ComposeException.class).hasMessageStartingWith("compose.yaml:3:1: yaml:");
    assertThatThrownBy(() -> Yaml.parse("compose.yaml", "a: 1\na: 2\n"))
        .hasMessageContaining("compose.yaml:2:1").hasMessageContaining("\"a\" already defined");
  }

  @Test
  void reset_and_override_tags_are_recorded() {
    Yaml.Doc d = Yaml.parse("o.yaml", "services:\n  web:\n    ports: !reset []\n    command: !override [a]\n");
    assertThat(d.resets()).containsExactly("services.web.ports");
    assertThat(d.overrides()).containsExactly("services.web.command");
  }
}
