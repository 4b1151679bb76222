package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void versions_between_min_and_current_are_accepted() {
    assertThat(ApiVersion.parse("1.24").checkSupported()).isEqualTo(ApiVersion.MIN);
    assertThat(ApiVersion.parse("1.41").checkSupported().atLeast(1, 41)).isTrue();
    assertThat(ApiVersion.parse("1.47").checkSupported()).isEqualTo(ApiVersion.CURRENT);
  }

  @Test
  void too_new_and_too_old_get_dockers_messages() {
    assertThatThrownBy(() -> ApiVersion.parse("1.48").checkSupported())
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("client version 1.48 is too new. Maximum supported API version is 1.47");
    assertThatThrownBy(() -> ApiVersion.parse("1.11").checkSupported())
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("client version 1.11 is too old. Minimum supported API version is 1.24");
  }

  @Test
  void minor_versions_compare_numerically() {
    assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.10"));
  }

  @Test
  void garbage_is_invalid() {
    assertThatThrownBy(() -> ApiVersion.parse("one.two")).isInstanceOf(BerthException.InvalidArgument.class);
  }
}
