package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.build.dockerfile.DockerfileParser;
import io.berth.oci.errors.BerthException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StagePlanTest {
  private static final String MULTI = """
      ARG BASE=busybox
      FROM ${BASE} AS base
      RUN echo base
      FROM busybox AS tools
      RUN echo tools
      FROM busybox AS unused
      RUN echo never
      FROM base AS app
      COPY --from=tools /x /x
      RUN --mount=type=bind,from=1,target=/t true
      FROM app
      CMD ["sh"]
      """;

  private static StagePlan plan(String text, Optional<String> target) {
    return StagePlan.of(DockerfileParser.parse("Dockerfile", text), target, s -> s.replace("${BASE}", "busybox"));
  }

  @Test
  void only_the_stages_the_target_needs_are_built() {
    StagePlan p = plan(MULTI, Optional.empty());
    assertThat(p.target()).isEqualTo(4);
    assertThat(p.needed()).containsExactly(0, 1, 3, 4);
    assertThat(p.totalSteps()).isEqualTo(1 + 2 + 2 + 3 + 2);
    assertThat(p.firstStep(0)).isEqualTo(2);
    assertThat(p.firstStep(1)).isEqualTo(4);
    assertThat(p.firstStep(3)).isEqualTo(6);
    assertThat(p.firstStep(4)).isEqualTo(9);
  }

  @Test
  void target_selects_a_stage_by_name_case_insensitively() {
    StagePlan p = plan(MULTI, Optional.of("TOOLS"));
    assertThat(p.target()).isEqualTo(1);
    assertThat(p.needed()).containsExactly(1);
    assertThat(p.totalSteps()).isEqualTo(3);
  }

  @Test
  void an_unknown_target_is_docker_s_error() {
    assertThatThrownBy(() -> plan(MULTI, Optional.of("nope")))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("failed to reach build target nope in Dockerfile");
  }

  @Test
  void a_stage_found_by_index_only_among_earlier_stages() {
    StagePlan p = plan(MULTI, Optional.empty());
    assertThat(StagePlan.find(p.stages(), "1", 3)).contains(1);
    assertThat(StagePlan.find(p.stages(), "3", 3)).isEmpty();
    assertThat(StagePlan.find(p.stages(), "busybox", 3)).isEmpty();
  }
}
