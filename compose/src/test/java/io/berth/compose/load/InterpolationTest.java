package io.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "FOO", "foo", "N", "3");
  private final List<String> warnings = new ArrayList<>();
  private final Interpolation interp = new Interpolation(k -> Optional.ofNullable(ENV.get(k)), warnings::add);

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("${SET}", "value"),
        Arguments.of("$SET", "value"),
        Arguments.of("a-$SET-b", "a-value-b"),
        Arguments.of("$SET.x", "value.x"),
        Arguments.of("${UNSET:-default}", "default"),
        Arguments.of("${EMPTY:-default}", "default"),
        Arguments.of("${EMPTY-default}", ""),
        Arguments.of("${UNSET-default}", "default"),
        Arguments.of("${SET:-default}", "value"),
        Arguments.of("${SET:+alt}", "alt"),
        Arguments.of("${EMPTY:+alt}", ""),
        Arguments.of("${EMPTY+alt}", "alt"),
        Arguments.of("${UNSET+alt}", ""),
        Arguments.of("${UNSET:-${FOO}}", "foo"),
        Arguments.of("${UNSET:-${ALSO_UNSET:-default}}", "default"),
        Arguments.of("${UNSET:-a $FOO b}", "a foo b"),
        Arguments.of("${SET?$FOO}", "value"),
        Arguments.of("$$VAR_NOT_INTERPOLATED_BY_COMPOSE", "$VAR_NOT_INTERPOLATED_BY_COMPOSE"),
        Arguments.of("$${SET}", "${SET}"),
        Arguments.of("cost: 5$", "cost: 5$"),
        Arguments.of("$1 and $ alone", "$1 and $ alone"),
        Arguments.of("${UNSET:-}", ""),
        Arguments.of("${UNSET}", ""));
  }

  @ParameterizedTest
  @MethodSource("table")
  void substitutes_like_the_spec(String in, String out) {
    assertThat(interp.string(in, "x")).isEqualTo(out);
  }

  @Test
  void unset_variable_warns_and_becomes_blank() {
    assertThat(interp.string("${UNSET}", "x")).isEmpty();
    assertThat(warnings).containsExactly("The \"UNSET\" variable is not set. Defaulting to a blank string.");
  }

  @Test
  void required_variables_fail_with_the_message() {
    assertThatThrownBy(() -> interp.string("${UNSET:?must be set}", "x"))
        .hasMessage("required variable UNSET is missing a value: must be set");
    assertThatThrownBy(() -> interp.string("${EMPTY:?err}", "x")).hasMessageContaining("EMPTY");
    assertThat(interp.string("${EMPTY?err}", "x")).isEmpty();
    assertThatThrownBy(() -> interp.string("${UNSET?}", "x")).hasMessage("required variable UNSET is missing a value");
  }

  @Test
  void bad_syntax_is_an_invalid_interpolation_format() {
    assertThatThrownBy(() -> interp.string("${SET", "services.web.image"))
        .hasMessageStartingWith("invalid interpolation format for services.web.image");
    assertThatThrownBy(() -> interp.string("${SET/a/b}", "p")).hasMessageContaining("invalid interpolation format");
  }

  @Test
  void values_are_interpolated_but_not_keys() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("$FOO", "$FOO");
    tree.put("list", new ArrayList<>(List.of("${N}", 1)));
    interp.tree(tree, "");
    assertThat(tree).containsEntry("$FOO", "foo").containsEntry("list", List.of("3", 1));
  }

  @Test
  void env_file_format_follows_the_spec() {
    Map<String, Optional<String>> out = Interpolation.envFile("""
        # comment

        RACK_ENV=development
        VAR="quoted"
        SQ='$OTHER'
        UNQ=VAL # comment
        HASH=VAL# not a comment
        DQC="VAL # not a comment"
        ESC='Let\\'s go!'
        JSON="{\\"hello\\": \\"json\\"}"
        TAB="some\\tvalue"
        RAWTAB=some\\tvalue
        EMPTYV=
        UNSETV
        export EXP=1
        REF=${RACK_ENV}-x
        ML="a
        b"
        """, ".env", k -> Optional.empty(), new LinkedHashMap<>());
    assertThat(out).containsEntry("RACK_ENV", Optional.of("development")).containsEntry("VAR", Optional.of("quoted"))
        .containsEntry("SQ", Optional.of("$OTHER")).containsEntry("UNQ", Optional.of("VAL"))
        .containsEntry("HASH", Optional.of("VAL# not a comment"))
        .containsEntry("DQC", Optional.of("VAL # not a comment")).containsEntry("ESC", Optional.of("Let's go!"))
        .containsEntry("JSON", Optional.of("{\"hello\": \"json\"}")).containsEntry("TAB", Optional.of("some\tvalue"))
        .containsEntry("RAWTAB", Optional.of("some\\tvalue")).containsEntry("EMPTYV", Optional.of(""))
        .containsEntry("UNSETV", Optional.empty()).containsEntry("EXP", Optional.of("1"))
        .containsEntry("REF", Optional.of("development-x")).containsEntry("ML", Optional.of("a\nb"));
  }
}
