package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.container.ContainerHealth.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerHealthTest {
  static final Duration LATE = Duration.ofMinutes(1);
  static final Duration NO_START_PERIOD = Duration.ZERO;

  static ContainerHealth.Result result(int code) {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    return new ContainerHealth.Result(t, t.plusMillis(5), code, "out " + code);
  }

  @Test
  void a_passing_probe_makes_it_healthy_and_resets_the_streak() {
    ContainerHealth h = ContainerHealth.starting().record(result(1), 3, LATE, NO_START_PERIOD);
    assertThat(h.failingStreak()).isEqualTo(1);
    assertThat(h.status()).isEqualTo(Status.STARTING);
    h = h.record(result(0), 3, LATE, NO_START_PERIOD);
    assertThat(h.status()).isEqualTo(Status.HEALTHY);
    assertThat(h.failingStreak()).isZero();
  }

  @Test
  void retries_consecutive_failures_make_it_unhealthy_and_a_pass_heals_it() {
    ContainerHealth h = ContainerHealth.starting().record(result(0), 2, LATE, NO_START_PERIOD);
    h = h.record(result(1), 2, LATE, NO_START_PERIOD);
    assertThat(h.status()).isEqualTo(Status.HEALTHY);
    h = h.record(result(-1), 2, LATE, NO_START_PERIOD);
    assertThat(h.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(h.failingStreak()).isEqualTo(2);
    h = h.record(result(2), 2, LATE, NO_START_PERIOD);
    assertThat(h.failingStreak()).isEqualTo(3);
    assertThat(h.record(result(0), 2, LATE, NO_START_PERIOD).status()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void failures_in_the_start_period_do_not_count_while_starting() {
    Duration startPeriod = Duration.ofSeconds(10);
    ContainerHealth h = ContainerHealth.starting();
    for (int i = 0; i < 5; i++) h = h.record(result(1), 1, Duration.ofSeconds(i), startPeriod);
    assertThat(h.status()).isEqualTo(Status.STARTING);
    assertThat(h.failingStreak()).isZero();
    assertThat(h.record(result(1), 1, Duration.ofSeconds(10), startPeriod).status()).isEqualTo(Status.UNHEALTHY);
    // once healthy, the start period no longer protects
    ContainerHealth healthy = h.record(result(0), 1, Duration.ofSeconds(6), startPeriod);
    assertThat(healthy.record(result(1), 1, Duration.ofSeconds(7), startPeriod).status()).isEqualTo(Status.UNHEALTHY);
  }

  @Test
  void only_the_last_five_results_are_kept_and_a_restart_keeps_them() {
    ContainerHealth h = ContainerHealth.starting();
    for (int i = 0; i < 7; i++) h = h.record(result(i), 100, LATE, NO_START_PERIOD);
    assertThat(h.log()).extracting(ContainerHealth.Result::exitCode).containsExactly(2, 3, 4, 5, 6);
    ContainerHealth restarted = h.restarted();
    assertThat(restarted.status()).isEqualTo(Status.STARTING);
    assertThat(restarted.failingStreak()).isZero();
    assertThat(restarted.log()).isEqualTo(h.log());
  }

  @Test
  void go_durations_read_as_in_dockers_timeout_message() {
    assertThat(GoDurations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoDurations.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofNanos(1500))).isEqualTo("1.5µs");
    assertThat(GoDurations.format(Duration.ofMillis(1))).isEqualTo("1ms");
  }
}
