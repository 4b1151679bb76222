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
    ContainerConfig c = ConfigMerge.merge(spec(Optional.empty(), Optional.empty(), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/entry", "default-cmd");
    assertThat(c.workingDir()).isEqualTo("/work");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.stopSignal()).contains("SIGQUIT");
  }

  @Test
  void request_cmd_replaces_image_cmd_but_keeps_entrypoint() {
    ContainerConfig c = ConfigMerge.merge(spec(Optional.empty(), Optional.of(List.of("x")), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/entry", "x");
  }

  @Test
  void request_entrypoint_drops_the_image_cmd() {
    ContainerConfig c = ConfigMerge.merge(spec(Optional.of(List.of("/other")), Optional.empty(), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("/other");
  }

  @Test
  void empty_lists_from_a_client_mean_use_the_image_cmd() {
    ContainerConfig c = ConfigMerge.merge(spec(Optional.of(List.of()), Optional.of(List.of()), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("default-cmd");
  }

  @Test
  void empty_entrypoint_clears_it() {
    ContainerConfig c = ConfigMerge.merge(spec(Optional.of(List.of("")), Optional.of(List.of("sh")), List.of()), IMAGE);
    assertThat(c.args()).containsExactly("sh");
  }

  @Test
  void request_env_overrides_image_env_by_key_and_labels_merge() {
    ContainerConfig c = ConfigMerge.merge(spec(Optional.empty(), Optional.empty(), List.of("A=2", "B=3")), IMAGE);
    assertThat(c.env()).containsExactly("PATH=/bin", "A=2", "B=3");
    assertThat(c.labels()).containsEntry("from", "user");
  }

  @Test
  void image_exposed_ports_join_the_requests_and_publish_all_publishes_them() {
    var image = new ImageDefaults(Digest.sha256(new byte[0]), Optional.empty(), List.of(), List.of("sh"), List.of(), "",
        "", Map.of(), Optional.empty(), Optional.empty(), List.of("80/tcp"));
    var ports = PortConfig.of(List.of("8080/tcp"), Map.of(), true);
    var s = spec(Optional.empty(), Optional.empty(), List.of());
    var withPorts = new CreateSpec(s.name(), s.image(), s.entrypoint(), s.cmd(), s.env(), s.workingDir(), s.user(),
        s.hostname(), s.domainname(), s.labels(), s.tty(), s.openStdin(), s.stdinOnce(), s.attachStdin(),
        s.attachStdout(), s.attachStderr(), s.stopSignal(), s.stopTimeout(), s.autoRemove(),
        HostOptions.defaults().withPorts(ports), s.healthcheck());
    ContainerConfig c = ConfigMerge.merge(withPorts, image);
    assertThat(c.host().ports().exposed()).containsExactly("80/tcp", "8080/tcp");
    assertThat(c.host().ports().publications()).extracting(p -> p.port().toString()).containsExactly("80/tcp", "8080/tcp");
  }
}
