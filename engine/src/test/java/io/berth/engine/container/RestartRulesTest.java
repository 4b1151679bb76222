package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RestartRulesTest {
  private static final Duration SHORT_RUN = Duration.ofSeconds(1);

  @Test
  void back_off_starts_at_100ms_and_doubles_up_to_one_minute() {
    List<Long> millis = new ArrayList<>();
    Duration d = Duration.ZERO;
    for (int i = 0; i < 12; i++) {
      d = RestartRules.nextDelay(d, SHORT_RUN);
      millis.add(d.toMillis());
    }
    assertThat(millis).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 51200L, 60000L, 60000L);
  }

  @Test
  void back_off_starts_over_after_a_run_of_ten_seconds_or_more() {
    Duration long1 = RestartRules.nextDelay(Duration.ofSeconds(60), Duration.ofSeconds(10));
    assertThat(long1).isEqualTo(Duration.ofMillis(100));
    Duration almost = RestartRules.nextDelay(Duration.ofMillis(800), Duration.ofMillis(9_999));
    assertThat(almost).isEqualTo(Duration.ofMillis(1600));
  }

  @ParameterizedTest(name = "{0}:{1} exit={2} manual={3} count={4} -> {5}")
  @CsvSource({
      // policy,        max, exit, manual, restarts, restart?
      "no,              0,   1,    false,  0,        false",
      "no,              0,   0,    false,  0,        false",
      "always,          0,   0,    false,  0,        true",
      "always,          0,   137,  false,  99,       true",
      "always,          0,   0,    true,   0,        true",
      "unless-stopped,  0,   0,    false,  0,        true",
      "unless-stopped,  0,   1,    false,  7,        true",
      "unless-stopped,  0,   0,    true,   0,        false",
      "unless-stopped,  0,   143,  true,   3,        false",
      "on-failure,      0,   0,    false,  0,        false",
      "on-failure,      0,   1,    false,  0,        true",
      "on-failure,      0,   1,    false,  1000,     true",
      "on-failure,      0,   1,    true,   0,        true",
      "on-failure,      2,   3,    false,  0,        true",
      "on-failure,      2,   3,    false,  1,        true",
      "on-failure,      2,   3,    false,  2,        false",
      "on-failure,      2,   0,    false,  1,        false",
      "on-failure,      2,   137,  true,   1,        true",
  })
  void decision_table(String policy, int max, int exitCode, boolean manual, int restarts, boolean expected) {
    var p = new HostOptions.RestartPolicy(policy, max);
    assertThat(RestartRules.shouldRestart(p, exitCode, manual, restarts)).isEqualTo(expected);
  }
}
