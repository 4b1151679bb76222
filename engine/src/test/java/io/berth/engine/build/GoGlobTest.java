package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoGlobTest {
  @ParameterizedTest
  @CsvSource({
      "*.txt, a.txt, true", "*.txt, a.txt.bak, false", "home?, home1, true", "home?, home12, false",
      "[a-c]x, bx, true", "[^a-c]x, bx, false", "[!a-c]x, dx, true", "a\\*, a*, true", "a\\*, ab, false",
      "*, .hidden, true"})
  void matches_like_go_filepath_match(String glob, String name, boolean matches) {
    assertThat(GoGlob.compile(glob).matcher(name).matches()).isEqualTo(matches);
  }
}
