package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.build.dockerfile.DockerfileParser;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.engine.build.dockerfile.Substitution;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigStepsTest {
  private final StageState st = new StageState();
  private final Substitution subst = new Substitution('\\');

  private String apply(String line) {
    List<Instruction> all = DockerfileParser.parse("Dockerfile", "FROM scratch\n" + line + "\n").instructions();
    return ConfigSteps.apply(all.getLast(), st, subst).orElseThrow();
  }

  @Test
  void env_values_see_the_environment_before_the_instruction() {
    apply("ENV A=1");
    assertThat(apply("ENV A=2 B=$A")).isEqualTo("ENV A=2 B=1");
    assertThat(st.config.env()).containsExactly("A=2", "B=1");
    apply("ENV C \"two words\"");
    assertThat(st.env()).containsEntry("C", "two words");
  }

  @Test
  void env_wins_over_arg_in_substitution() {
    st.args.put("X", Optional.of("arg"));
    assertThat(apply("LABEL a=$X")).isEqualTo("LABEL a=arg");
    apply("ENV X=env");
    assertThat(apply("LABEL b=${X}")).isEqualTo("LABEL b=env");
    assertThat(st.config.labels()).containsEntry("a", "arg").containsEntry("b", "env");
    assertThat(st.argEnv()).isEmpty();
  }

  @Test
  void shell_form_commands_run_through_the_stage_shell() {
    assertThat(apply("CMD echo hi")).isEqualTo("CMD [\"/bin/sh\" \"-c\" \"echo hi\"]");
    apply("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");
    apply("CMD echo $HOME");
    assertThat(st.config.cmd()).contains(List.of("/bin/bash", "-o", "pipefail", "-c", "echo $HOME"));
  }

  @Test
  void entrypoint_clears_an_inherited_cmd_but_not_one_set_in_the_stage() {
    st.config = st.config.toBuilder().cmd(Optional.of(List.of("inherited"))).build();
    apply("ENTRYPOINT [\"/bin/app\"]");
    assertThat(st.config.cmd()).isEmpty();
    apply("CMD [\"--flag\"]");
    apply("ENTRYPOINT [\"/bin/other\"]");
    assertThat(st.config.cmd()).contains(List.of("--flag"));
  }

  @Test
  void expose_defaults_to_tcp_and_expands_ranges() {
    assertThat(apply("EXPOSE 80 53/udp 8000-8001")).isEqualTo("EXPOSE 80 53/udp 8000-8001");
    assertThat(ConfigSteps.ports("8000-8002/tcp")).containsExactly("8000/tcp", "8001/tcp", "8002/tcp");
    assertThatThrownBy(() -> ConfigSteps.ports("80/xyz")).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void healthcheck_is_stored_with_nanosecond_durations() {
    apply("HEALTHCHECK --interval=5s --timeout=2s --retries=4 CMD wget -q localhost");
    assertThat(st.config.healthcheck().orElseThrow().toString())
        .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"wget -q localhost\"],\"Interval\":5000000000,"
            + "\"Timeout\":2000000000,\"Retries\":4}");
    apply("HEALTHCHECK NONE");
    assertThat(st.config.healthcheck().orElseThrow().toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
  }

  @Test
  void onbuild_volume_user_stopsignal_and_workdir_free_metadata() {
    apply("ONBUILD RUN echo child");
    apply("VOLUME /data [\"/x\"]");
    apply("USER nobody");
    apply("STOPSIGNAL SIGINT");
    assertThat(st.config.onBuild()).containsExactly("RUN echo child");
    assertThat(st.config.user()).contains("nobody");
    assertThat(st.config.stopSignal()).contains("SIGINT");
  }
}
