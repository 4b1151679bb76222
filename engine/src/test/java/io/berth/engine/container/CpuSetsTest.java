package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuSetsTest {
  @Test
  void lists_and_ranges_parse_like_the_kernels() {
    assertThat(CpuSets.parse("0-2,5").toString()).isEqualTo("{0, 1, 2, 5}");
    assertThat(CpuSets.within("1", "0-1")).isTrue();
    assertThat(CpuSets.within("0,2", "0-1")).isFalse();
  }

  @Test
  void bad_syntax_is_refused() {
    for (String bad : new String[] {"a", "1-", "3-1", "1,,2", " 1", "-1"}) {
      assertThatThrownBy(() -> CpuSets.parse(bad)).hasMessage("invalid format: " + bad);
    }
  }
}
