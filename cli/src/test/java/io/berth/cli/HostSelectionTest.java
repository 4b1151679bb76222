package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostSelectionTest {
  private static final Map<String, String> BOTH = Map.of("BERTH_HOST", "unix:///b.sock", "DOCKER_HOST", "unix:///d.sock");

  @Test
  void host_option_wins_over_environment() {
    assertThat(HostSelection.select(List.of("unix:///h.sock"), BOTH)).isEqualTo("unix:///h.sock");
  }

  @Test
  void berth_host_wins_over_docker_host() {
    assertThat(HostSelection.select(List.of(), BOTH)).isEqualTo("unix:///b.sock");
    assertThat(HostSelection.select(List.of(), Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"))).isEqualTo("tcp://127.0.0.1:2375");
  }

  @Test
  void default_is_the_berth_socket() {
    assertThat(HostSelection.select(List.of(), Map.of())).isEqualTo("unix:///run/berth/berth.sock");
    assertThat(HostSelection.select(List.of(), Map.of("DOCKER_HOST", " "))).isEqualTo("unix:///run/berth/berth.sock");
  }

  @Test
  void bare_paths_and_host_ports_are_normalised() {
    assertThat(HostSelection.select(List.of("/run/x.sock"), Map.of())).isEqualTo("unix:///run/x.sock");
    assertThat(HostSelection.select(List.of("localhost:2375"), Map.of())).isEqualTo("tcp://localhost:2375");
    assertThatThrownBy(() -> HostSelection.select(List.of("ssh://me@host"), Map.of())).hasMessageContaining("unsupported");
  }
}
