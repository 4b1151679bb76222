package io.berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void sizes_are_go_units_human_sizes() {
    assertThat(ProgressBar.humanSize(527)).isEqualTo("527B");
    assertThat(ProgressBar.humanSize(2_223_440)).isEqualTo("2.223MB");
    assertThat(ProgressBar.humanSize(1_000_000)).isEqualTo("1MB");
  }

  @Test
  void bar_is_fifty_wide_with_counts() {
    assertThat(ProgressBar.render(500_000, 1_000_000))
        .isEqualTo("[=========================>                         ]    500kB/1MB");
  }
}
