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
}
