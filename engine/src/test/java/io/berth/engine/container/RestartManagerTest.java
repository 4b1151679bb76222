package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.store.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart manager's decisions on exits, manual stops and manual restarts (no containers run). */
class RestartManagerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private MetadataStore db;
  private ContainerStore store;
  private RestartManager restarts;
  private int seq;

  @BeforeEach
  void setUp() {
    db = MetadataStore.open(dir.resolve("berth.db"));
    store = new ContainerStore(db);
    ContainerService service = new ContainerService(store, new ContainerPaths(dir, dir), null, null, null, null,
        new io.berth.engine.events.EventBus());
    restarts = new RestartManager(service, store);
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  private Container running(String policy, int max, Optional<String> stopSignal) {
    var host = HostOptions.defaults().withRestartPolicy(new HostOptions.RestartPolicy(policy, max));
    var config = new ContainerConfig("busybox", List.of(), List.of("true"), List.of(), "/", "", "h", "", Map.of(),
        false, false, false, false, true, true, stopSignal, Optional.empty(), false, host, Optional.empty());
    String id = String.format("%064x", ++seq);
    var c = new Container(id, "c" + seq, T0, Digest.sha256("img".getBytes(StandardCharsets.UTF_8)), config,
        ContainerState.created().started(100, T0));
    store.insert(c);
    return c;
  }

  private Container stored(Container c) {
    return store.get(c.id()).orElseThrow();
  }

  @Test
  void always_restarts_with_growing_count_and_back_off() {
    Container c = running("always", 0, Optional.empty());
    RestartManager.Plan first = restarts.onExit(c, 0, T0.plusSeconds(1));
    assertThat(first.state().status()).isEqualTo(ContainerState.Status.RESTARTING);
    assertThat(first.state().restartCount()).isEqualTo(1);
    assertThat(first.state().exitCode()).isZero();
    assertThat(first.delay()).contains(Duration.ofMillis(100));
    assertThat(first.autoRemove()).isFalse();
    assertThat(first.execSeconds()).isEqualTo("1");

    Container again = c.withState(first.state().started(101, T0.plusSeconds(2)));
    RestartManager.Plan second = restarts.onExit(again, 1, T0.plusSeconds(3));
    assertThat(second.state().restartCount()).isEqualTo(2);
    assertThat(second.delay()).contains(Duration.ofMillis(200));
  }

  @Test
  void no_policy_exits_and_lets_rm_remove() {
    Container c = running("no", 0, Optional.empty());
    RestartManager.Plan p = restarts.onExit(c, 3, T0.plusSeconds(1));
    assertThat(p.state().status()).isEqualTo(ContainerState.Status.EXITED);
    assertThat(p.state().exitCode()).isEqualTo(3);
    assertThat(p.delay()).isEmpty();
    assertThat(p.autoRemove()).isTrue();
  }

  @Test
  void on_failure_stops_after_its_retries() {
    Container c = running("on-failure", 2, Optional.empty());
    Instant t = T0;
    for (int i = 1; i <= 2; i++) {
      RestartManager.Plan p = restarts.onExit(c, 5, t = t.plusSeconds(1));
      assertThat(p.state().status()).isEqualTo(ContainerState.Status.RESTARTING);
      assertThat(p.state().restartCount()).isEqualTo(i);
      c = c.withState(p.state().started(100 + i, t));
    }
    RestartManager.Plan last = restarts.onExit(c, 5, t.plusSeconds(1));
    assertThat(last.state().status()).isEqualTo(ContainerState.Status.EXITED);
    assertThat(last.state().restartCount()).isEqualTo(2);
  }

  @Test
  void a_stop_cancels_the_restart_and_marks_the_manual_stop() {
    Container c = running("always", 0, Optional.empty());
    assertThat(restarts.stoppedByUser(c.id(), 15)).isFalse();
    assertThat(stored(c).state().manuallyStopped()).isTrue();
    RestartManager.Plan p = restarts.onExit(stored(c), 143, T0.plusSeconds(1));
    assertThat(p.state().status()).isEqualTo(ContainerState.Status.EXITED);
    assertThat(p.delay()).isEmpty();
  }

  @Test
  void a_signal_other_than_the_stop_signal_marks_the_stop_without_cancelling() {
    Container always = running("always", 0, Optional.of("SIGUSR1"));
    restarts.stoppedByUser(always.id(), 1); // SIGHUP
    assertThat(restarts.onExit(stored(always), 129, T0.plusSeconds(1)).delay()).isPresent();

    Container unlessStopped = running("unless-stopped", 0, Optional.of("SIGUSR1"));
    restarts.stoppedByUser(unlessStopped.id(), 1);
    RestartManager.Plan p = restarts.onExit(stored(unlessStopped), 129, T0.plusSeconds(1));
    assertThat(p.delay()).isEmpty();
    assertThat(p.state().manuallyStopped()).isTrue();
  }

  @Test
  void stopping_a_container_waiting_for_its_restart_leaves_it_exited() {
    Container c = running("always", 0, Optional.empty());
    RestartManager.Plan p = restarts.onExit(c, 2, T0.plusSeconds(1));
    store.updateState(c.id(), p.state());
    assertThat(restarts.stoppedByUser(c.id(), 9)).isTrue();
    ContainerState s = stored(c).state();
    assertThat(s.status()).isEqualTo(ContainerState.Status.EXITED);
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.restartCount()).isEqualTo(1);
    assertThat(s.manuallyStopped()).isTrue();
  }

  @Test
  void a_start_through_the_api_clears_the_cancellation() {
    Container c = running("always", 0, Optional.empty());
    restarts.stoppedByUser(c.id(), 15);
    restarts.reset(c.id());
    Container restarted = c.withState(stored(c).state().startedByUser().started(102, T0));
    assertThat(restarted.state().manuallyStopped()).isFalse();
    assertThat(restarts.onExit(restarted, 0, T0.plusSeconds(1)).delay()).contains(Duration.ofMillis(100));
  }

  @Test
  void the_exit_of_a_manual_restart_is_neither_restarted_nor_auto_removed() {
    Container c = running("on-failure", 0, Optional.empty());
    restarts.manualRestart(c.id(), true);
    RestartManager.Plan p = restarts.onExit(c, 137, T0.plusSeconds(1));
    assertThat(p.delay()).isEmpty();
    assertThat(p.autoRemove()).isFalse();
    restarts.manualRestart(c.id(), false);
  }

  @Test
  void state_rows_written_before_manual_stops_existed_still_read() {
    String old = "{\"status\":\"exited\",\"pid\":0,\"exitCode\":3,\"error\":\"\",\"startedAt\":\"2026-01-01T00:00:00Z\","
        + "\"finishedAt\":\"2026-01-01T00:00:01Z\",\"restartCount\":2}";
    ContainerState s = Json.read(old.getBytes(StandardCharsets.UTF_8), ContainerStore.StateRow.class).toState();
    assertThat(s.status()).isEqualTo(ContainerState.Status.EXITED);
    assertThat(s.restartCount()).isEqualTo(2);
    assertThat(s.manuallyStopped()).isFalse();
  }
}
