package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor's schedule and state machine with a fake probe and an in-memory container table. */
class HealthMonitorTest {
  static final long MS = 1_000_000L;
  static final String ID = "a".repeat(64);

  final FakeContainers containers = new FakeContainers();
  final LinkedBlockingQueue<Integer> exitCodes = new LinkedBlockingQueue<>();
  final List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
  final HealthMonitor.Probe probe = (c, cmd, timeout) -> {
    commands.add(cmd);
    Integer code = exitCodes.poll();
    Instant now = Instant.now();
    return new ContainerHealth.Result(now, now, code == null ? 0 : code, "probe said " + code);
  };
  final EventBus events = new EventBus();
  HealthMonitor monitor;

  @AfterEach void tearDown() {
    if (monitor != null) monitor.close();
  }

  static ContainerConfig config(Optional<HealthConfig> hc) {
    return new ContainerConfig("busybox", List.of(), List.of("sleep", "1000"), List.of(), "", "", "h", "", Map.of(),
        false, false, false, false, false, false, Optional.empty(), Optional.empty(), false, null, hc);
  }

  static HealthConfig check(List<String> test, long intervalMs, int retries, long startPeriodMs, long startIntervalMs) {
    return new HealthConfig(test, intervalMs * MS, 1000 * MS, startPeriodMs * MS, startIntervalMs * MS, retries);
  }

  Container running(Optional<HealthConfig> hc) {
    ContainerConfig cfg = config(hc);
    ContainerState st = HealthMonitor.onStart(cfg, ContainerState.created().started(42, Instant.now()));
    Container c = new Container(ID, "web", Instant.now(), Digest.parse("sha256:" + "b".repeat(64)), cfg, st);
    containers.table.put(ID, c);
    return c;
  }

  static void eventually(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  ContainerHealth health() { return containers.table.get(ID).state().health().orElseThrow(); }

  @Test
  void starting_then_healthy_with_a_health_status_event() throws Exception {
    running(Optional.of(check(List.of("CMD", "true"), 20, 3, 0, 0)));
    assertThat(health().status()).isEqualTo(ContainerHealth.Status.STARTING);
    monitor = new HealthMonitor(containers, probe).start(events);
    eventually("healthy", () -> health().status() == ContainerHealth.Status.HEALTHY);
    assertThat(commands.getFirst()).containsExactly("true");
    assertThat(containers.published).contains("health_status: healthy");
    assertThat(health().log().getFirst().output()).isEqualTo("probe said null");
  }

  @Test
  void retries_failures_make_it_unhealthy_once_and_shell_tests_run_through_sh() throws Exception {
    for (int i = 0; i < 10; i++) exitCodes.add(1);
    running(Optional.of(check(List.of("CMD-SHELL", "exit 1"), 10, 2, 0, 0)));
    monitor = new HealthMonitor(containers, probe).start(events);
    eventually("unhealthy", () -> health().status() == ContainerHealth.Status.UNHEALTHY);
    assertThat(commands.getFirst()).containsExactly("/bin/sh", "-c", "exit 1");
    eventually("more probes", () -> health().failingStreak() >= 4);
    assertThat(containers.published.stream().filter(a -> a.startsWith("health_status")).toList())
        .containsExactly("health_status: unhealthy");
    assertThat(health().log()).hasSizeLessThanOrEqualTo(ContainerHealth.MAX_LOG);
  }

  @Test
  void start_interval_applies_within_the_start_period_and_failures_there_do_not_count() throws Exception {
    for (int i = 0; i < 1000; i++) exitCodes.add(1);
    // interval 1 h: only the start interval (10 ms) can bring probes during the 300 ms start period
    running(Optional.of(check(List.of("CMD", "false"), 3_600_000, 1, 300, 10)));
    monitor = new HealthMonitor(containers, probe).start(events);
    eventually("several probes", () -> commands.size() >= 3);
    assertThat(health().status()).isEqualTo(ContainerHealth.Status.STARTING);
    assertThat(health().failingStreak()).isZero();
  }

  @Test
  void no_probes_without_a_command_and_none_after_the_container_died() throws Exception {
    running(Optional.of(new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0)));
    monitor = new HealthMonitor(containers, probe).start(events);
    assertThat(monitor.monitoring(ID)).isFalse();
    assertThat(containers.table.get(ID).state().health()).isEmpty();

    running(Optional.of(check(List.of("CMD", "true"), 10, 3, 0, 0)));
    events.publish(Event.container("start", ID, Map.of()));
    eventually("probing", () -> commands.size() >= 2);
    containers.table.compute(ID, (k, c) -> c.withState(c.state().exited(0, Instant.now())));
    events.publish(Event.container("die", ID, Map.of()));
    eventually("monitor gone", () -> !monitor.monitoring(ID));
    int probes = commands.size();
    Thread.sleep(100);
    assertThat(commands.size()).isLessThanOrEqualTo(probes + 1);
  }

  @Test
  void command_follows_dockers_test_kinds() {
    assertThat(HealthMonitor.command(Optional.empty())).isEmpty();
    assertThat(HealthMonitor.command(Optional.of(new HealthConfig(List.of(), 0, 0, 0, 0, 0)))).isEmpty();
    assertThat(HealthMonitor.command(Optional.of(new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0)))).isEmpty();
    assertThat(HealthMonitor.command(Optional.of(new HealthConfig(List.of("CMD", "a", "b"), 0, 0, 0, 0, 0))))
        .hasValue(List.of("a", "b"));
    assertThat(HealthMonitor.command(Optional.of(new HealthConfig(List.of("CMD-SHELL", "a b"), 0, 0, 0, 0, 0))))
        .hasValue(List.of("/bin/sh", "-c", "a b"));
  }

  /** An in-memory container table with the service's update rule (only while running since startedAt). */
  static final class FakeContainers implements HealthMonitor.Containers {
    final Map<String, Container> table = new ConcurrentHashMap<>();
    final List<String> published = Collections.synchronizedList(new ArrayList<>());

    @Override public Optional<Container> find(String id) { return Optional.ofNullable(table.get(id)); }

    @Override public List<Container> list() { return List.copyOf(table.values()); }

    @Override public synchronized Optional<ContainerHealth> updateHealth(String id, Instant startedAt,
        UnaryOperator<ContainerHealth> change) {
      Container c = table.get(id);
      if (c == null || !c.state().running() || !c.state().startedAt().equals(Optional.of(startedAt))) return Optional.empty();
      ContainerHealth next = change.apply(c.state().health().orElse(ContainerHealth.starting()));
      table.put(id, c.withState(c.state().withHealth(Optional.of(next))));
      return Optional.of(next);
    }

    @Override public void publish(Container c, String action) { published.add(action); }
  }
}
