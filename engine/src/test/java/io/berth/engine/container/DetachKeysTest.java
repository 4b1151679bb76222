package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  @Test
  void parses_dockers_syntax() {
    assertThat(DetachKeys.parse("").bytes()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("").configured()).isEmpty();
    assertThat(DetachKeys.parse("ctrl-a,x,DEL,ctrl-@,ctrl-_").bytes()).containsExactly(1, 'x', 127, 0, 31);
    assertThat(DetachKeys.parse("ctrl-a").configured()).containsExactly(1);
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-1,q"))
        .isInstanceOf(BerthException.Internal.class).hasMessage("Invalid escape keys (ctrl-1,q) provided");
  }

  @Test
  void matcher_swallows_the_sequence_and_passes_false_starts_on() {
    DetachKeys.Matcher m = DetachKeys.parse("").matcher();
    DetachKeys.Result r = m.filter(new byte[] {'a', 16, 'b', 16}, 4);
    assertThat(r.pass()).containsExactly('a', 16, 'b');
    assertThat(r.detached()).isFalse();
    assertThat(m.pending()).containsExactly(16);
    // the held ctrl-p completes across reads
    r = m.filter(new byte[] {17, 'z'}, 2);
    assertThat(r.detached()).isTrue();
    assertThat(r.pass()).isEmpty();
  }

  @Test
  void a_repeated_first_key_restarts_the_match() {
    DetachKeys.Matcher m = DetachKeys.parse("").matcher();
    DetachKeys.Result r = m.filter(new byte[] {16, 16, 17}, 3);
    assertThat(r.detached()).isTrue();
    assertThat(r.pass()).containsExactly(16);
  }
}
