package io.berth.client.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void parses_every_kind_of_value_into_plain_java() {
    Object v = JsonReader.parse(" {\"s\":\"x\",\"i\":-42,\"d\":1.5,\"e\":2e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{}} ");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("s")).isEqualTo("x");
    assertThat(m.get("i")).isEqualTo(-42L);
    assertThat(m.get("d")).isEqualTo(new BigDecimal("1.5"));
    assertThat(m.get("e")).isEqualTo(new BigDecimal("2e3"));
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m.containsKey("n")).isTrue();
    assertThat(m.get("n")).isNull();
    assertThat(m.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
    assertThat(m.get("o")).isEqualTo(Map.of());
  }

  @Test
  void objects_keep_document_order_and_a_repeated_key_keeps_its_last_value() {
    Map<?, ?> m = (Map<?, ?>) JsonReader.parse("{\"z\":1,\"a\":2,\"m\":3,\"a\":4}");
    assertThat(new ArrayList<Object>(m.keySet())).containsExactly("z", "a", "m");
    assertThat(m.get("a")).isEqualTo(4L);
  }

  @Test
  void the_tree_is_immutable() {
    Map<?, ?> m = (Map<?, ?>) JsonReader.parse("{\"a\":[1]}");
    assertThatThrownBy(() -> m.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) m.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void integers_beyond_long_become_big_decimals() {
    assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(JsonReader.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(JsonReader.parse("9223372036854775808")).isEqualTo(new BigDecimal("9223372036854775808"));
    assertThat(JsonReader.parse("-0")).isEqualTo(0L);
    assertThat(JsonReader.parse("0.000")).isEqualTo(new BigDecimal("0.000"));
  }

  @Test
  void string_escapes_decode_including_surrogate_pairs() {
    assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"")).isEqualTo("a\"b\\c/d\b\f\n\r\té\uD83D\uDE00");
    assertThat(JsonReader.parse("\"h\u00e9llo \uD83D\uDE00\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("h\u00e9llo \uD83D\uDE00");
  }

  @Test
  void malformed_input_is_refused_with_its_position() {
    assertError("", "line 1, column 1: unexpected end of input");
    assertError("{\"a\":1,}", "line 1, column 8: expected a string key, got '}'");
    assertError("[1,2,]", "line 1, column 6: unexpected ']', expected a value");
    assertError("{\"a\" 1}", "expected ':' after object key \"a\"");
    assertError("[1 2]", "line 1, column 4: expected ',' or ']' in array, got '2'");
    assertError("{\"a\":1 \"b\":2}", "expected ',' or '}' in object");
    assertError("01", "leading zeros");
    assertError("-", "expected a digit after '-'");
    assertError("1.", "expected a digit after the decimal point");
    assertError("1e", "expected a digit in the exponent");
    assertError("+1", "unexpected '+', expected a value");
    assertError("1x", "unexpected 'x' in a number");
    assertError("NaN", "unexpected 'N'");
    assertError("'a'", "unexpected '''");
    assertError("tru", "expected 'true'");
    assertError("nullx", "after 'null'");
    assertError("\"abc", "unexpected end of input in a string");
    assertError("\"a\tb\"", "control character U+0009 in a string must be escaped");
    assertError("\"\\x\"", "invalid escape '\\x'");
    assertError("\"\\u12g4\"", "invalid \\u escape");
    assertError("{} {}", "line 1, column 4: unexpected '{' after the value");
    assertError("// c\n1", "unexpected '/'");
    assertError("\uFEFF{}", "unexpected");
    assertError("{\n  \"a\": [1,\n  ]\n}", "line 3, column 3: unexpected ']'");
  }

  @Test
  void invalid_utf8_is_refused() {
    assertThatThrownBy(() -> JsonReader.parse(new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(JsonException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void nesting_is_bounded() {
    String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
    assertThatThrownBy(() -> JsonReader.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting deeper than 1000");
    String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    assertThat(JsonReader.parse(ok)).isInstanceOf(List.class);
  }

  @Test
  void top_level_shape_is_checked() {
    assertThatThrownBy(() -> JsonReader.parseObject("[]".getBytes())).hasMessage("document: expected an object, got an array");
    assertThatThrownBy(() -> JsonReader.parseArray("{}".getBytes())).hasMessage("document: expected an array, got an object");
  }

  @Test
  void value_streams_yield_each_value_in_turn() {
    String stream = "{\"status\":\"a\"}\r\n{\"stream\":\"b\\n\"}\n\n  {\"error\":\"c\"}\n";
    var seen = new ArrayList<Object>();
    JsonReader.readValues(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), seen::add);
    assertThat(seen).containsExactly(Map.of("status", "a"), Map.of("stream", "b\n"), Map.of("error", "c"));
  }

  @Test
  void value_streams_longer_than_the_buffer_and_broken_ones() {
    char[] big = new char[20000];
    Arrays.fill(big, 'x');
    String s = "\"" + new String(big) + "\"\n[1,\n2]";
    var seen = new ArrayList<Object>();
    JsonReader.readValues(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), seen::add);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> JsonReader.readValues(new ByteArrayInputStream("{\"a\":1}\n{\"b\"".getBytes()), v -> {}))
        .isInstanceOf(JsonException.class).hasMessageContaining("line 2, column 5");
  }

  private static void assertError(String text, String message) {
    assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonException.class)
        .hasMessageStartingWith("invalid json at line").hasMessageContaining(message);
  }
}
