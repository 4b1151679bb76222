package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UlimitsTest {
  static final String PROC_LIMITS = """
      Limit                     Soft Limit           Hard Limit           Units    \s
      Max cpu time              unlimited            unlimited            seconds  \s
      Max core file size        0                    unlimited            bytes    \s
      Max processes             96365                96365                processes\s
      Max open files            20000                20000                files    \s
      """;

  @Test
  void host_hard_limits_are_read_from_proc_limits() {
    assertThat(Ulimits.parseProcLimits(PROC_LIMITS)).containsExactlyInAnyOrderEntriesOf(
        Map.of("nproc", 96365L, "nofile", 20000L));
  }

  @Test
  void a_hard_limit_above_the_hosts_is_refused_unless_the_runtime_can_raise_it() {
    var hard = Map.of("nofile", 20000L);
    var tooHigh = List.of(new ResourceLimits.Ulimit("nofile", 1024, 65536));
    assertThatThrownBy(() -> Ulimits.validate(tooHigh, hard, false)).hasMessageContaining("host's hard limit 20000");
    Ulimits.validate(tooHigh, hard, true);
    Ulimits.validate(List.of(new ResourceLimits.Ulimit("nofile", 512, 1024)), hard, false);
  }

  @Test
  void unknown_names_and_soft_above_hard_are_refused_with_dockers_words() {
    assertThatThrownBy(() -> Ulimits.validate(List.of(new ResourceLimits.Ulimit("files", 1, 1)), Map.of(), true))
        .hasMessage("invalid ulimit type: files");
    assertThatThrownBy(() -> Ulimits.validate(List.of(new ResourceLimits.Ulimit("nofile", 10, 5)), Map.of(), true))
        .hasMessage("ulimit soft limit must be less than or equal to hard limit: 10 > 5");
  }

  @Test
  void ulimits_become_oci_rlimits() {
    assertThat(Ulimits.toRlimits(List.of(new ResourceLimits.Ulimit("nproc", 10, 20))))
        .singleElement().satisfies(r -> {
          assertThat(r.type()).isEqualTo("RLIMIT_NPROC");
          assertThat(r.soft()).isEqualTo(10);
          assertThat(r.hard()).isEqualTo(20);
        });
  }
}
