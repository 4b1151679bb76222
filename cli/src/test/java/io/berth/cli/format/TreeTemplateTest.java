package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.berth.client.ApiJson;
import io.berth.client.json.JsonReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Templates and inspect output over the plain tree must print exactly what they printed over Jackson trees. */
class TreeTemplateTest {
  private static final String DOC = "{\"Id\":\"abc\",\"State\":{\"Status\":\"running\",\"Pid\":42,\"Running\":true,\"Error\":null},"
      + "\"Config\":{\"Env\":[\"A=1\",\"B=2\"],\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Cmd\":null,\"ExposedPorts\":{}},"
      + "\"Name\":\"/web\",\"Size\":-5,\"Ratio\":0.25,\"Big\":12345678901234567890123,\"Mounts\":[{\"RW\":true}]}";

  private static final List<String> TEMPLATES = List.of(
      "{{.State.Status}} {{.State.Pid}} {{.Name}}", "{{.Config.Env}}", "{{.Config.Labels}}", "{{.Nope}}", "{{.Nope.Deeper}}",
      "{{.State.Error}}", "{{.Config.Cmd}}", "{{.Size}} {{.Ratio}} {{.Big}}", "{{.Mounts}}", "{{.State.Running}}",
      "{{json .State}}", "{{json .}}", "{{json .Nope}}", "{{json .Config.Cmd}}", "{{json .Config.ExposedPorts}}",
      "{{index .Config.Labels \"a\"}}", "{{index .Config.Labels \"zz\"}}", "{{index .Config.Env 1}}",
      "{{join .Config.Env \",\"}}", "{{upper .Name}}", "{{lower .State.Status}}", "id={{.Id}}\\tname={{.Name}}");

  /** Go refuses these (wrong argument types, fields of a string, index out of range); both trees fail alike. */
  private static final List<String> FAILING = List.of("{{index .Config.Env \"1\"}}", "{{index .Config.Env 9}}",
      "{{join .Config.Labels \"+\"}}", "{{join .Name \",\"}}", "{{.Id.Sub}}");

  @Test
  void every_supported_action_prints_as_over_jackson() {
    Object tree = JsonReader.parse(DOC);
    var node = ApiJson.tree(DOC.getBytes());
    for (String t : TEMPLATES) {
      GoTemplate template = GoTemplate.parse(t);
      assertThat(template.execute(tree)).as(t).isEqualTo(template.execute(node));
    }
  }

  @Test
  void go_errors_are_the_same_over_both_trees() {
    Object tree = JsonReader.parse(DOC);
    var node = ApiJson.tree(DOC.getBytes());
    for (String t : FAILING) {
      GoTemplate template = GoTemplate.parse(t);
      String expected = org.assertj.core.api.Assertions.catchThrowable(() -> template.execute(node)).getMessage();
      assertThat(expected).as(t).startsWith("template: :1:");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.execute(tree)).as(t).hasMessage(expected);
    }
  }

  @Test
  void inspect_output_is_indented_as_before() throws Exception {
    var indenter = new DefaultIndenter("    ", "\n");
    var separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("").withArrayEmptySeparator("");
    var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    String doc = DOC.replace("0.25", "0.5").replace("12345678901234567890123", "7");
    String before = ApiJson.mapper().writer(printer).writeValueAsString(ApiJson.tree(("[" + doc + "]").getBytes()));
    assertThat(GoJson.indent(List.of(JsonReader.parse(doc)))).isEqualTo(before);
    assertThat(GoJson.indent(List.of())).isEqualTo("[]");
  }
}
