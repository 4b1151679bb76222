package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateMergeTest {
  private static final ImageDefaults IMAGE = new ImageDefaults(Digest.sha256(new byte[0]), Optional.empty(),
      List.of("/entry"), List.of("default-cmd"), List.of("PATH=/bin", "A=1"), "/work", "app",
      Map.of("from", "image"), Optional.of("SIGQUIT"), Optional.empty());

  private static CreateSpec spec(Optional<List<String>> entrypoint, Optional<List<String>> cmd, List<String> env) {
    return new CreateSpec(Optional.empty(), "img", entrypoint, cmd, env, Optional.empty(), Optional.empty(),
        Optional.empty(), "", Map.of("from", "user"), false, false, false, false, true, true, Optional.empty(),
        Optional.empty(), false, HostOptions.defaults(), Optional.empty());
  }

  @Test
  void image_defaults_apply_when_the_request_is_silent() {
    ContainerConfig c = ContainerService.merge(spec(Optional.empty(), Optional.empty(), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/entry", "default-cmd");
    assertThat(c.workingDir()).isEqualTo("/work");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.stopSignal()).contains("SIGQUIT");
  }

  @Test
  void request_cmd_replaces_image_cmd_but_keeps_entrypoint() {
    ContainerConfig c = ContainerService.merge(spec(Optional.empty(), Optional.of(List.of("x")), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/entry", "x");
  }

  @Test
  void request_entrypoint_drops_the_image_cmd() {
    ContainerConfig c = ContainerService.merge(spec(Optional.of(List.of("/other")), Optional.empty(), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/other");
  }

  @Test
  void empty_lists_from_a_client_mean_use_the_image_cmd() {
    ContainerConfig c = ContainerService.merge(spec(Optional.of(List.of()), Optional.of(List.of()), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("default-cmd");
  }

  @Test
  void empty_entrypoint_clears_it() {
    ContainerConfig c = ContainerService.merge(spec(Optional.of(List.of("")), Optional.of(List.of("sh")), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("sh");
  }

  @Test
  void request_env_overrides_image_env_by_key_and_labels_merge() {
    ContainerConfig c = ContainerService.merge(spec(Optional.empty(), Optional.empty(), List.of("A=2", "B=3")), IMAGE);
    assertThat(c.env()).containsExactly("PATH=/bin", "A=2", "B=3");
    assertThat(c.labels()).containsEntry("from", "user");
  }
}
