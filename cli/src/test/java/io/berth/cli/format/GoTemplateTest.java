package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.ApiJson;
import org.junit.jupiter.api.Test;

class GoTemplateTest {
  private final com.fasterxml.jackson.databind.JsonNode doc = ApiJson.tree(
      "{\"State\":{\"Status\":\"running\",\"Pid\":42},\"Config\":{\"Env\":[\"A=1\",\"B=2\"],\"Labels\":{\"b\":\"2\",\"a\":\"1\"}},\"Name\":\"/web\"}"
          .getBytes());

  @Test
  void fields_print_like_go() {
    assertThat(GoTemplate.parse("{{.State.Status}} {{.State.Pid}} {{.Name}}").execute(doc)).isEqualTo("running 42 /web");
    assertThat(GoTemplate.parse("{{.Config.Env}}").execute(doc)).isEqualTo("[A=1 B=2]");
    assertThat(GoTemplate.parse("{{.Config.Labels}}").execute(doc)).isEqualTo("map[a:1 b:2]");
    assertThat(GoTemplate.parse("{{.Nope}}").execute(doc)).isEqualTo("<no value>");
  }

  @Test
  void functions_json_index_join() {
    assertThat(GoTemplate.parse("{{json .State}}").execute(doc)).isEqualTo("{\"Status\":\"running\",\"Pid\":42}");
    assertThat(GoTemplate.parse("{{index .Config.Labels \"a\"}}").execute(doc)).isEqualTo("1");
    assertThat(GoTemplate.parse("{{join .Config.Env \",\"}}").execute(doc)).isEqualTo("A=1,B=2");
  }

  @Test
  void control_structures_work() {
    assertThat(GoTemplate.parse("{{range .Config.Env}}[{{.}}]{{end}}").execute(doc)).isEqualTo("[A=1][B=2]");
    assertThat(GoTemplate.parse("{{if eq .State.Status \"running\"}}up{{else}}down{{end}}").execute(doc)).isEqualTo("up");
    assertThat(GoTemplate.parse("{{with .State}}{{.Pid}}{{end}}").execute(doc)).isEqualTo("42");
  }

  @Test
  void unsupported_actions_are_rejected() {
    assertThatThrownBy(() -> GoTemplate.parse("{{template \"x\"}}")).hasMessageContaining("not supported");
  }
}
