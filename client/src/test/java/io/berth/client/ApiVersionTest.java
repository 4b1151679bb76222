package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void negotiation_takes_the_lower_of_ours_and_the_daemons() {
    assertThat(ApiVersion.negotiate(Optional.of("1.41"))).hasToString("1.41");
    assertThat(ApiVersion.negotiate(Optional.of("1.50"))).hasToString("1.47");
    assertThat(ApiVersion.negotiate(Optional.of("1.47"))).hasToString("1.47");
  }

  @Test
  void a_missing_or_garbled_header_falls_back_to_1_24() {
    assertThat(ApiVersion.negotiate(Optional.empty())).hasToString("1.24");
    assertThat(ApiVersion.negotiate(Optional.of("nope"))).hasToString("1.24");
  }

  @Test
  void versions_compare_numerically_and_make_the_path_prefix() {
    assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.10"));
    assertThat(ApiVersion.parse("1.47").prefix()).isEqualTo("/v1.47");
  }
}
