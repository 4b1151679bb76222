package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinuxCapabilitiesTest {
  // This host family's bounding set: everything but CAP_SYS_RESOURCE.
  static final Set<String> HOST = LinuxCapabilities.fromMask(0x000001fffeffffffL);

  @Test
  void defaults_are_dockers_fourteen_with_the_known_mask() {
    List<String> caps = LinuxCapabilities.compute(List.of(), List.of(), false, HOST);
    assertThat(caps).isEqualTo(LinuxCapabilities.DEFAULT).hasSize(14);
    assertThat(LinuxCapabilities.toMask(caps)).isEqualTo(0xa80425fbL);
  }

  @Test
  void host_mask_lacks_only_sys_resource() {
    assertThat(HOST).hasSize(40).doesNotContain("CAP_SYS_RESOURCE");
  }

  @Test
  void drop_removes_and_add_appends_accepting_short_lower_case_names() {
    List<String> caps = LinuxCapabilities.compute(List.of("sys_admin", "CAP_NET_ADMIN"), List.of("chown", "CAP_KILL"),
        false, HOST);
    assertThat(caps).doesNotContain("CAP_CHOWN", "CAP_KILL").contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SETUID")
        .hasSize(14);
    assertThat(caps.getLast()).isEqualTo("CAP_NET_ADMIN");
  }

  @Test
  void adding_a_default_capability_does_not_duplicate_it() {
    assertThat(LinuxCapabilities.compute(List.of("CHOWN"), List.of(), false, HOST)).hasSize(14);
  }

  @Test
  void drop_all_keeps_only_the_added() {
    assertThat(LinuxCapabilities.compute(List.of("NET_BIND_SERVICE"), List.of("ALL"), false, HOST))
        .containsExactly("CAP_NET_BIND_SERVICE");
    assertThat(LinuxCapabilities.compute(List.of(), List.of("all"), false, HOST)).isEmpty();
  }

  @Test
  void add_all_grants_every_available_capability_but_the_dropped() {
    List<String> caps = LinuxCapabilities.compute(List.of("ALL"), List.of("SYS_ADMIN"), false, HOST);
    assertThat(caps).hasSize(39).doesNotContain("CAP_SYS_ADMIN", "CAP_SYS_RESOURCE");
  }

  @Test
  void privileged_gets_everything_the_host_bounding_set_has() {
    List<String> caps = LinuxCapabilities.compute(List.of(), List.of("CHOWN"), true, HOST);
    assertThat(caps).hasSize(40).contains("CAP_CHOWN").doesNotContain("CAP_SYS_RESOURCE");
  }

  @Test
  void unknown_capability_is_an_invalid_argument() {
    assertThatThrownBy(() -> LinuxCapabilities.compute(List.of("FLY"), List.of(), false, HOST))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("unknown capability: \"CAP_FLY\"");
    assertThatThrownBy(() -> LinuxCapabilities.compute(List.of(), List.of("bogus"), false, HOST))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void adding_a_capability_the_host_lacks_is_refused_like_docker() {
    assertThatThrownBy(() -> LinuxCapabilities.compute(List.of("SYS_RESOURCE"), List.of(), false, HOST))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("capability not supported by your kernel or not available in the current environment: "
            + "\"CAP_SYS_RESOURCE\"");
  }

  @Test
  void mask_round_trips() {
    assertThat(LinuxCapabilities.fromMask(LinuxCapabilities.toMask(LinuxCapabilities.ALL)))
        .containsExactlyElementsOf(LinuxCapabilities.ALL);
  }
}
