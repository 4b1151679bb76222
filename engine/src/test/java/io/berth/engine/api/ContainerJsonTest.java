package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.container.ContainerHealth;
import io.berth.engine.container.ContainerState;
import io.berth.oci.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerJsonTest {
  @Test
  void human_durations_match_go_units() {
    assertThat(HumanDuration.of(Duration.ofMillis(300))).isEqualTo("Less than a second");
    assertThat(HumanDuration.of(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(HumanDuration.of(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    assertThat(HumanDuration.of(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    assertThat(HumanDuration.of(Duration.ofMinutes(61))).isEqualTo("About an hour");
    assertThat(HumanDuration.of(Duration.ofHours(3))).isEqualTo("3 hours");
    assertThat(HumanDuration.of(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(HumanDuration.of(Duration.ofDays(20))).isEqualTo("2 weeks");
  }

  @Test
  void status_reads_like_docker_ps() {
    Instant now = Instant.parse("2026-01-01T00:00:10Z");
    ContainerState created = ContainerState.created();
    assertThat(ContainerJson.status(created, now)).isEqualTo("Created");
    ContainerState running = created.started(42, now.minusSeconds(3));
    assertThat(ContainerJson.status(running, now)).isEqualTo("Up 3 seconds");
    ContainerState exited = running.exited(137, now.minusSeconds(5));
    assertThat(ContainerJson.status(exited, now)).isEqualTo("Exited (137) 5 seconds ago");
    assertThat(exited.finishedAt()).isEqualTo(Optional.of(now.minusSeconds(5)));
  }

  @Test
  void status_and_inspect_show_the_health() {
    Instant now = Instant.parse("2026-01-01T00:00:10Z");
    ContainerState running = ContainerState.created().started(42, now.minusSeconds(5));
    ContainerHealth starting = ContainerHealth.starting();
    assertThat(ContainerJson.status(running.withHealth(Optional.of(starting)), now)).isEqualTo("Up 5 seconds (health: starting)");
    ContainerHealth.Result r = new ContainerHealth.Result(now.minusSeconds(1), now, 0, "ok\n");
    ContainerHealth healthy = starting.record(r, 3, Duration.ofSeconds(4), Duration.ZERO);
    assertThat(ContainerJson.status(running.withHealth(Optional.of(healthy)), now)).isEqualTo("Up 5 seconds (healthy)");
    ContainerHealth unhealthy = new ContainerHealth(ContainerHealth.Status.UNHEALTHY, 3, List.of(r));
    assertThat(ContainerJson.status(running.withHealth(Optional.of(unhealthy)), now)).isEqualTo("Up 5 seconds (unhealthy)");
    assertThat(ContainerJson.status(running.withHealth(Optional.of(unhealthy)).exited(1, now), now))
        .isEqualTo("Exited (1) Less than a second ago");

    Map<String, Object> doc = ContainerJson.health(healthy);
    assertThat(doc.keySet()).containsExactly("Status", "FailingStreak", "Log");
    assertThat(doc.get("Status")).isEqualTo("healthy");
    assertThat(doc.get("Log")).isEqualTo(List.of(Map.of("Start", "2026-01-01T00:00:09Z", "End", "2026-01-01T00:00:10Z",
        "ExitCode", 0, "Output", "ok\n")));
  }
}
