package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The persisted state JSON: health round-trips, and rows written before health existed still read. */
class StateRowTest {
  @Test
  void a_row_without_health_reads_as_no_health() {
    String old = "{\"status\":\"running\",\"pid\":7,\"exitCode\":0,\"error\":\"\",\"startedAt\":\"2025-01-01T00:00:00Z\","
        + "\"finishedAt\":\"\",\"restartCount\":0}";
    ContainerState s = Json.read(old.getBytes(), ContainerStore.StateRow.class).toState();
    assertThat(s.running()).isTrue();
    assertThat(s.health()).isEmpty();
    assertThat(Json.string(ContainerStore.StateRow.of(s))).doesNotContain("health");
  }

  @Test
  void health_round_trips() {
    Instant t = Instant.parse("2025-01-01T00:00:01.123456789Z");
    ContainerHealth h = new ContainerHealth(ContainerHealth.Status.UNHEALTHY, 3,
        List.of(new ContainerHealth.Result(t, t.plusMillis(10), -1, "Health check exceeded timeout (200ms)")));
    ContainerState s = ContainerState.created().started(9, t).withHealth(Optional.of(h));
    byte[] json = Json.bytes(ContainerStore.StateRow.of(s));
    assertThat(Json.read(json, ContainerStore.StateRow.class).toState()).isEqualTo(s);
  }
}
