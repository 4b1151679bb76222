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
    assertThatThrownBy(() -> ImportChanges.apply(ContainerConfig.EMPTY, List.of("RUN rm -rf /")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("RUN is not a valid change command");
  }
}
