package io.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportChangesTest {
  @Test
  void exec_and_shell_forms_of_cmd() {
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("CMD [\"sh\"]")).cmd()).contains(List.of("sh"));
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("CMD echo hi")).cmd())
        .contains(List.of("/bin/sh", "-c", "echo hi"));
  }

  @Test
  void env_label_workdir_user_expose_apply() {
    ContainerConfig c = ImportChanges.apply(ContainerConfig.EMPTY, List.of("ENV A=1 B=\"two words\"", "ENV C 3",
        "LABEL team=core", "WORKDIR /srv", "USER nobody", "EXPOSE 80 53/udp", "STOPSIGNAL SIGINT"));
    assertThat(c.env()).containsExactly("A=1", "B=two words", "C=3");
    assertThat(c.labels()).containsEntry("team", "core");
    assertThat(c.workingDir()).contains("/srv");
    assertThat(c.user()).contains("nobody");
    assertThat(c.exposedPorts()).containsExactlyInAnyOrder("80/tcp", "53/udp");
    assertThat(c.stopSignal()).contains("SIGINT");
  }

  @Test
  void instructions_that_are_not_changes_are_refused() {
    // dockerd 20.10 answers "run is not a valid change command" (its parser lower-cases the word)
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("RUN rm -rf /")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("run is not a valid change command");
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("CMD [\"sh\"]", "FOO bar")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("foo is not a valid change command");
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("EXPOSE abc")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("Invalid containerPort: abc");
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("ENV")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("ENV requires at least one argument");
  }

  @Test
  void entrypoint_clears_the_command_unless_a_cmd_came_first() {
    ContainerConfig base = ImportChanges.apply(ContainerConfig.EMPTY, List.of("CMD [\"sleep\", \"1\"]"));
    assertThat(ImportChanges.apply(base, List.of("ENTRYPOINT echo")).cmd()).isEmpty();
    assertThat(ImportChanges.apply(base, List.of("ENTRYPOINT echo")).entrypoint()).contains(List.of("/bin/sh", "-c", "echo"));
    assertThat(ImportChanges.apply(base, List.of("CMD [\"a\"]", "ENTRYPOINT [\"e\"]")).cmd()).contains(List.of("a"));
  }

  @Test
  void relative_workdir_continues_the_current_one() {
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("WORKDIR rel")).workingDir()).contains("/rel");
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("WORKDIR /abs", "WORKDIR sub")).workingDir())
        .contains("/abs/sub");
  }

  @Test
  void changes_are_one_dockerfile_with_comments_and_continuations() {
    ContainerConfig c = ImportChanges.apply(ContainerConfig.EMPTY, List.of("cmd echo lower", "# comment", "ENV A=1 \\",
        " B=2", "LABEL x=y\nONBUILD RUN make"));
    assertThat(c.cmd()).contains(List.of("/bin/sh", "-c", "echo lower"));
    assertThat(c.env()).containsExactly("A=1", "B=2");
    assertThat(c.labels()).containsEntry("x", "y");
    assertThat(c.onBuild()).containsExactly("RUN make");
  }

  @Test
  void healthcheck_as_dockerd_writes_it() {
    ContainerConfig c = ImportChanges.apply(ContainerConfig.EMPTY, List.of("HEALTHCHECK --interval=5s --retries=3 CMD true"));
    assertThat(c.healthcheck().orElseThrow())
        .isEqualTo(io.berth.oci.Json.read("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":5000000000,\"Retries\":3}"
            .getBytes(), com.fasterxml.jackson.databind.JsonNode.class));
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("HEALTHCHECK CMD [\"/ok\", \"-q\"]")).healthcheck()
        .orElseThrow().toString()).isEqualTo("{\"Test\":[\"CMD\",\"/ok\",\"-q\"]}");
    assertThat(ImportChanges.apply(ContainerConfig.EMPTY, List.of("HEALTHCHECK NONE")).healthcheck().orElseThrow()
        .toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("HEALTHCHECK echo")))
        .hasMessage("Unknown type \"echo\" in HEALTHCHECK (try CMD)");
    assertThat(HealthcheckChange.goDuration("1m30s")).isEqualTo(90_000_000_000L);
    assertThat(HealthcheckChange.goDuration("1.5h")).isEqualTo(5_400_000_000_000L);
  }
}
