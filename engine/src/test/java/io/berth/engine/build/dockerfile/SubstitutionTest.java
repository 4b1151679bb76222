package io.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionTest {
  private static final Map<String, String> ENV = Map.of(
      "PWD", "/home", "SHELL", "bash", "NULL", "", "FOO", "/bar", "str", "foobarbaz", "string", "foobarbaz",
      "space", "abc  def", "leading", "  ab c", "KOREAN", "한국어", "path", "a/b/c.tar.gz");
  private static final Function<String, Optional<String>> VARS = name -> Optional.ofNullable(ENV.get(name));
  private static final Substitution BACKSLASH = new Substitution('\\');

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      hello                     | hello
      he'll'o                   | hello
      he\\'llo                  | he'llo
      abc\\tdef                 | abctdef
      "abc\\tdef"               | abc\\tdef
      "abc\\\\tdef"             | abc\\tdef
      'abc\\tdef'               | abc\\tdef
      hello\\                   | hello
      hello\\\\                 | hello\\
      "hel'lo"                  | hel'lo
      'hello\\'                 | hello\\
      "''"                      | ''
      '"hello"'                 | "hello"
      $.                        | $.
      he$1x                     | hex
      he$.x                     | he$.x
      he$PWD                    | he/home
      he\\$PWD                  | he$PWD
      he\\\\$PWD                | he\\/home
      "he\\$PWD"                | he$PWD
      "he\\\\$PWD"              | he\\/home
      '$PWD'                    | $PWD
      '\\$PWD'                  | \\$PWD
      "he'$PWD'"                | he'/home'
      \\${}aaa                  | ${}aaa
      \\${FOO}                  | ${FOO}
      he${hi}xx                 | hexx
      he${PWD}                  | he/home
      ${FOO}_bar                | /bar_bar
      he${XXX:-000}xx           | he000xx
      he${PWD:-000}xx           | he/homexx
      he${NULL:-000}xx          | he000xx
      he${NULL-000}xx           | hexx
      he${XXX-000}xx            | he000xx
      he${XXX:-$PWD}xx          | he/homexx
      he${XXX:-${YYY:-yyy}}xx   | heyyyxx
      he${XXX:+000}xx           | hexx
      he${PWD:+000}xx           | he000xx
      he${NULL:+000}xx          | hexx
      he${NULL+000}xx           | he000xx
      he${PWD:+${SHELL}}xx      | hebashxx
      he${PWD:+${PWD}:}xx       | he/home:xx
      he${XXX:-\\$PWD:}xx       | he$PWD:xx
      he${XXX:-\\${PWD}z}xx     | he${PWDz}xx
      he${PWD?}                 | he/home
      he${PWD:?}                | he/home
      he${NULL?}                | he
      ${aaa}}                   | }
      ${aaa:-bbb}}              | bbb}
      ${aaa:-bbb {foo}          | bbb {foo
      ${1:-bbb}                 | bbb
      安녕$KOREAN                | 安녕한국어
      ${str#f*b}                | arbaz
      ${str##f*b}               | az
      ${string%b*}              | foobar
      ${string%%b*}             | foo
      ${string/ba/fo}           | fooforbaz
      ${string//ba/fo}          | fooforfoz
      ${path%.*}                | a/b/c.tar
      ${path%%.*}               | a/b/c
      ${path##*/}               | c.tar.gz
      ${path#*/}                | b/c.tar.gz
      ${path/\\//-}             | a-b/c.tar.gz
      ${path//\\//-}            | a-b-c.tar.gz
      ${path//[.]/-}            | a/b/c.tar.gz
      ${str#?}                  | oobarbaz
      ${str/x/y}                | foobarbaz
      ${XXX#foo}                | ~~
      "${str%baz} x"            | foobar x
      """)
  void word_removes_quotes_applies_escapes_and_expands(String raw, String expected) {
    assertThat(BACKSLASH.word(raw, VARS)).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void replacement_all_of_a_glob_is_per_match() {
    // ${string//ba/fo} is in the table; with a literal star the pattern must be escaped
    Map<String, String> env = Map.of("v", "a*b*c");
    assertThat(BACKSLASH.word("${v//\\*/-}", n -> Optional.ofNullable(env.get(n)))).isEqualTo("a-b-c");
    assertThat(BACKSLASH.word("${v%\\**}", n -> Optional.ofNullable(env.get(n)))).isEqualTo("a*b");
  }

  @Test
  void the_reference_examples_expand_as_documented() {
    // WORKDIR ${FOO} -> /bar; ADD . $FOO -> /bar; COPY \$FOO /quux -> $FOO
    assertThat(BACKSLASH.word("${FOO}", VARS)).isEqualTo("/bar");
    assertThat(BACKSLASH.word("$FOO", VARS)).isEqualTo("/bar");
    assertThat(BACKSLASH.word("\\$FOO", VARS)).isEqualTo("$FOO");
    // WORKDIR $DIRPATH/$DIRNAME with only DIRPATH set -> /path/
    Map<String, String> env = Map.of("DIRPATH", "/path");
    assertThat(BACKSLASH.word("$DIRPATH/$DIRNAME", n -> Optional.ofNullable(env.get(n)))).isEqualTo("/path/");
    // ENV MY_NAME="John Doe", MY_DOG=Rex\ The\ Dog
    assertThat(BACKSLASH.word("\"John Doe\"", VARS)).isEqualTo("John Doe");
    assertThat(BACKSLASH.word("Rex\\ The\\ Dog", VARS)).isEqualTo("Rex The Dog");
    // a LABEL key may be quoted too
    assertThat(BACKSLASH.word("\"com.example.vendor\"", VARS)).isEqualTo("com.example.vendor");
  }

  @Test
  void backtick_is_the_escape_when_the_directive_says_so() {
    Substitution backtick = new Substitution('`');
    assertThat(backtick.word("c:\\dir\\", VARS)).isEqualTo("c:\\dir\\");
    assertThat(backtick.word("`$PWD", VARS)).isEqualTo("$PWD");
    assertThat(backtick.word("a` b", VARS)).isEqualTo("a b");
    assertThat(backtick.word("\"x`\"y\"", VARS)).isEqualTo("x\"y");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      hello                  | hello
      hello there            | hello,there
      ~  hello   there  ~    | hello,there
      hello${space}bye       | helloabc,defbye
      hello"${space}"bye     | helloabc  defbye
      hello "${space}"bye    | hello,abc  defbye
      hello${leading}def     | hello,ab,cdef
      hello"${leading}" def  | hello  ab c,def
      hello" there  "        | ~hello there  ~
      hello\\ there          | hello there
      hello\\" there         | hello",there
      hello'$there'          | hello$there
      80 443/tcp ${XXX}      | 80,443/tcp
      a "" b                 | a,b
      """)
  void words_split_on_unquoted_whitespace(String raw, String expected) {
    assertThat(BACKSLASH.words(raw, VARS)).containsExactlyElementsOf(Arrays.asList(expected.split(",")));
  }

  @Test
  void words_of_nothing_is_no_words() {
    assertThat(BACKSLASH.words("", VARS)).isEmpty();
    assertThat(BACKSLASH.words("$XXX", VARS)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      he'llo             | unexpected end of statement while looking for matching single-quote
      he\\\\'llo         | unexpected end of statement while looking for matching single-quote
      "hello             | unexpected end of statement while looking for matching double-quote
      "hello\\"          | unexpected end of statement while looking for matching double-quote
      ${}                | syntax error: bad substitution
      he${}xx            | syntax error: bad substitution
      ${{aaa}            | syntax error: bad substitution
      ${:-bbb}           | syntax error: bad substitution
      ${                 | syntax error: missing '}'
      he${PWD            | syntax error: missing '}'
      ${aaa:-bbb         | syntax error: missing '}'
      ${aaa:-bbb ${foo}  | syntax error: missing '}'
      he${.}             | unsupported modifier (.) in substitution
      he${XXX:YYY}       | unsupported modifier (:Y) in substitution
      he${PWD:=000}xx    | unsupported modifier (:=) in substitution
      ${str:#x}          | unsupported modifier (:#) in substitution
      he${XXX?}          | XXX: is not allowed to be unset
      he${XXX:?}         | XXX: is not allowed to be unset
      he${NULL:?}        | NULL: is not allowed to be empty
      ${XXX?need it}     | XXX: need it
      ${str/a            | syntax error: missing '/' in ${}
      ${str/a/b          | syntax error: missing '}'
      ${str#\\x}         | invalid pattern (\\x) in substitution: invalid escape '\\x'
      """)
  void bad_syntax_is_an_invalid_argument_naming_the_word(String raw, String message) {
    assertThatThrownBy(() -> BACKSLASH.word(raw, VARS))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("failed to process " + Text.goQuote(raw) + ": " + message);
  }

  @Test
  void unknown_variables_are_empty_and_the_value_is_used_once() {
    assertThat(BACKSLASH.word("[$NOPE][${NOPE}]", VARS)).isEqualTo("[][]");
    assertThat(BACKSLASH.words("$space", VARS)).isEqualTo(List.of("abc", "def"));
  }
}
