package io.berth.client.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.berth.client.ApiJson;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The writer must produce what the Jackson mapper it replaces produced, byte for byte. */
class JsonWriterTest {
  private static final String DOC = "{\"Id\":\"abc\",\"Args\":[],\"State\":{\"Running\":true,\"Pid\":42,\"Error\":\"\"},"
      + "\"Config\":{\"Env\":[\"A=1\",\"B=\\\"q\\\"\"],\"Labels\":{},\"ExposedPorts\":{\"80/tcp\":{}},\"Cmd\":null},"
      + "\"Mounts\":[{\"Source\":\"/a\",\"RW\":false}],\"Size\":-1,\"Big\":123456789012345678901234567890,\"Nested\":[[],[[1]]]}";

  @Test
  void compact_output_matches_jackson() throws Exception {
    Object tree = JsonReader.parse(DOC);
    assertThat(JsonWriter.write(tree)).isEqualTo(ApiJson.mapper().writeValueAsString(ApiJson.mapper().readTree(DOC)));
  }

  @Test
  void indented_output_matches_gos_marshal_indent_as_jackson_printed_it() throws Exception {
    var indenter = new DefaultIndenter("    ", "\n");
    var separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("").withArrayEmptySeparator("");
    var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    String jackson = ApiJson.mapper().writer(printer).writeValueAsString(ApiJson.mapper().readTree("[" + DOC + "," + DOC + "]"));
    assertThat(JsonWriter.indent(List.of(JsonReader.parse(DOC), JsonReader.parse(DOC)))).isEqualTo(jackson);
    assertThat(JsonWriter.indent(List.of())).isEqualTo("[]");
    assertThat(JsonWriter.indent(Map.of("a", List.of(1L)))).isEqualTo("{\n    \"a\": [\n        1\n    ]\n}");
  }

  @Test
  void strings_are_escaped_as_jackson_escapes_them() throws Exception {
    var sb = new StringBuilder();
    for (char c = 0; c < 0x300; c++) sb.append(c);
    sb.append("\u2028\u2029\uD83D\uDE00\uFFFF</script>&'");
    var random = new Random(7);
    for (int i = 0; i < 2000; i++) sb.append((char) random.nextInt(0xD800));
    String s = sb.toString();
    assertThat(JsonWriter.write(s)).isEqualTo(ApiJson.mapper().writeValueAsString(s));
    assertThat(JsonReader.parse(JsonWriter.write(s))).isEqualTo(s);
  }

  @Test
  void numbers_and_literals() {
    var m = new LinkedHashMap<String, Object>();
    m.put("l", 7L);
    m.put("i", -3);
    m.put("d", new BigDecimal("1.50"));
    m.put("x", 0.25d);
    m.put("b", true);
    m.put("n", null);
    assertThat(JsonWriter.write(m)).isEqualTo("{\"l\":7,\"i\":-3,\"d\":1.50,\"x\":0.25,\"b\":true,\"n\":null}");
  }

  @Test
  void maps_are_written_in_their_own_order() {
    var sorted = new TreeMap<String, Object>(Map.of("b", 1L, "a", 2L));
    assertThat(JsonWriter.write(sorted)).isEqualTo("{\"a\":2,\"b\":1}");
  }

  @Test
  void values_json_cannot_represent_are_refused() {
    assertThatThrownBy(() -> JsonWriter.write(Double.NaN)).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> JsonWriter.write(new Object())).isInstanceOf(JsonException.class).hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> JsonWriter.write(Map.of(1, 2))).isInstanceOf(JsonException.class).hasMessageContaining("non-string object key");
  }

  @Test
  void round_trip_is_lossless() {
    Object tree = JsonReader.parse(DOC);
    assertThat(JsonReader.parse(JsonWriter.write(tree))).isEqualTo(tree);
    assertThat(JsonReader.parse(JsonWriter.indent(tree))).isEqualTo(tree);
  }
}
