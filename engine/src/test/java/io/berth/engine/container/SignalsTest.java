package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void names_with_and_without_sig_prefix_and_numbers_parse() {
    assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
    assertThat(Signals.parse("term")).isEqualTo(15);
    assertThat(Signals.parse("9")).isEqualTo(9);
    assertThat(Signals.parse("SIGRTMIN+3")).isEqualTo(37);
    assertThat(Signals.parse("USR1")).isEqualTo(10);
  }

  @Test
  void unknown_signals_are_invalid() {
    assertThatThrownBy(() -> Signals.parse("SIGNOPE")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Invalid signal: SIGNOPE");
    assertThatThrownBy(() -> Signals.parse("99")).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> Signals.parse("")).isInstanceOf(BerthException.InvalidArgument.class);
  }
}
