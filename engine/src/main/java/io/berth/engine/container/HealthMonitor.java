package io.berth.engine.container;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Runs containers' healthchecks (Docker's {@code HEALTHCHECK}, {@code --health-*}), in berthd itself
 * as dockerd does (moby {@code daemon/health.go}): while a container with a healthcheck runs, wait
 * the start interval (while starting within the start period) or the interval, run the probe with
 * the timeout, record the result in the container's persisted state ({@link ContainerHealth}) and
 * publish {@code health_status: healthy|unhealthy} when the status changes.
 *
 * <p>Lifecycle: {@link #start} subscribes to the daemon's events (a container {@code start} begins
 * its monitor, {@code die} or {@code destroy} ends it) and resumes monitors of containers already
 * running (after a berthd restart; their recorded health is kept). {@link #close} stops everything.
 * One virtual thread per monitored container; probes of a container never overlap.
 *
 * <p>Thread-safe.
 */
public final class HealthMonitor implements AutoCloseable {
  /** Runs one probe command in a container and reports how it went (it may block up to the timeout). */
  public interface Probe {
    ContainerHealth.Result run(Container c, List<String> cmd, Duration timeout) throws InterruptedException;
  }

  /** What the monitor needs from the container use cases (a seam for tests). */
  public interface Containers {
    Optional<Container> find(String id);

    List<Container> list();

    /**
     * Applies {@code change} to the health of container {@code id} and persists it, provided it still
     * runs since {@code startedAt}; returns the new health, or empty when it does not run any more.
     */
    Optional<ContainerHealth> updateHealth(String id, Instant startedAt, UnaryOperator<ContainerHealth> change);

    void publish(Container c, String action);
  }

  private final Containers containers;
  private final Probe probe;
  private final Map<String, Thread> monitors = new ConcurrentHashMap<>();
  private volatile EventBus.Subscription subscription;
  private volatile Thread eventThread;
  private volatile boolean closed;

  public HealthMonitor(Containers containers, Probe probe) {
    this.containers = containers;
    this.probe = probe;
  }

  /** The adapter over {@link ContainerService}. */
  public static HealthMonitor over(ContainerService service, Probe probe) {
    return new HealthMonitor(new Containers() {
      @Override public Optional<Container> find(String id) { return service.find(id); }

      @Override public List<Container> list() { return service.list(); }

      @Override public Optional<ContainerHealth> updateHealth(String id, Instant startedAt, UnaryOperator<ContainerHealth> change) {
        return service.updateHealth(id, startedAt, change);
      }

      @Override public void publish(Container c, String action) { service.publish(c, action, Map.of()); }
    }, probe);
  }

  /** The command a healthcheck runs, or empty when it has none (no test, {@code NONE}, an unknown kind). */
  public static Optional<List<String>> command(Optional<HealthConfig> config) {
    if (config.isEmpty() || config.get().test().isEmpty()) return Optional.empty();
    List<String> test = config.get().test();
    List<String> args = test.subList(1, test.size());
    return switch (test.getFirst()) {
      case "CMD" -> args.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(args));
      case "CMD-SHELL" -> {
        var sh = new java.util.ArrayList<>(List.of("/bin/sh", "-c"));
        sh.addAll(args);
        yield args.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(sh));
      }
      default -> Optional.empty(); // NONE, or a kind Docker ignores too
    };
  }

  /**
   * The state a container starts with: health {@code starting} (results of earlier runs kept), when
   * it has a healthcheck. Called by the start use case so that inspect shows it from the first moment.
   */
  public static ContainerState onStart(ContainerConfig config, ContainerState started) {
    if (command(config.healthcheck()).isEmpty()) return started;
    return started.withHealth(Optional.of(started.health().map(ContainerHealth::restarted).orElse(ContainerHealth.starting())));
  }

  /** Subscribes to container events and resumes the monitors of running containers. */
  public HealthMonitor start(EventBus events) {
    EventBus.Subscription sub = events.subscribe(Instant.now());
    subscription = sub;
    eventThread = Thread.ofVirtual().name("health-events").start(() -> {
      try {
        while (!closed) onEvent(sub.live().take());
      } catch (InterruptedException e) {
        // closed
      }
    });
    for (Container c : containers.list()) {
      if (c.state().running()) begin(c.id());
    }
    return this;
  }

  private void onEvent(Event e) {
    if (!e.type().equals("container")) return;
    switch (e.action()) {
      case "start" -> begin(e.actorId());
      case "die", "destroy" -> end(e.actorId());
      default -> { }
    }
  }

  /** Starts (or restarts) the monitor of container {@code id} if it runs and has a healthcheck. */
  public void begin(String id) {
    Optional<Container> c = containers.find(id);
    if (closed || c.isEmpty() || !c.get().state().running() || c.get().state().startedAt().isEmpty()) return;
    Optional<List<String>> cmd = command(c.get().config().healthcheck());
    if (cmd.isEmpty()) return;
    end(id);
    Thread t = Thread.ofVirtual().name("health-" + c.get().shortId()).unstarted(() -> loop(c.get(), cmd.get()));
    monitors.put(id, t);
    t.start();
  }

  /** Stops the monitor of container {@code id} (a running probe is interrupted). */
  public void end(String id) {
    Thread t = monitors.remove(id);
    if (t != null) t.interrupt();
  }

  /** Whether container {@code id} is being monitored (for tests). */
  boolean monitoring(String id) { return monitors.containsKey(id); }

  private void loop(Container c, List<String> cmd) {
    HealthConfig hc = c.config().healthcheck().orElseThrow();
    Instant startedAt = c.state().startedAt().orElseThrow();
    ContainerHealth.Status status = c.state().health().map(ContainerHealth::status).orElse(ContainerHealth.Status.STARTING);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(interval(hc, startedAt, status));
        Instant start = Instant.now();
        ContainerHealth.Result r;
        try {
          r = probe.run(c, cmd, hc.effectiveTimeout());
        } catch (RuntimeException e) {
          r = new ContainerHealth.Result(start, Instant.now(), -1, String.valueOf(e.getMessage()));
        }
        if (Thread.currentThread().isInterrupted()) return;
        ContainerHealth.Result result = new ContainerHealth.Result(start, r.end(), r.exitCode(), r.output());
        AtomicReference<ContainerHealth.Status> before = new AtomicReference<>();
        Optional<ContainerHealth> after = containers.updateHealth(c.id(), startedAt, h -> {
          before.set(h.status());
          return h.record(result, hc.effectiveRetries(), Duration.between(startedAt, start), hc.effectiveStartPeriod());
        });
        if (after.isEmpty()) return; // stopped, or started again (a new monitor runs for that)
        status = after.get().status();
        if (status != before.get()) {
          containers.find(c.id()).ifPresent(now -> containers.publish(now, "health_status: " + after.get().status().word()));
        }
      }
    } catch (InterruptedException e) {
      // ended
    } finally {
      monitors.remove(c.id(), Thread.currentThread());
    }
  }

  /** Docker's: the start interval while starting within the start period, the interval otherwise. */
  static Duration interval(HealthConfig hc, Instant startedAt, ContainerHealth.Status status) {
    boolean inStartPeriod = Duration.between(startedAt, Instant.now()).compareTo(hc.effectiveStartPeriod()) < 0;
    return inStartPeriod && status == ContainerHealth.Status.STARTING ? hc.effectiveStartInterval() : hc.effectiveInterval();
  }

  @Override public void close() {
    closed = true;
    EventBus.Subscription sub = subscription;
    if (sub != null) sub.close();
    Thread t = eventThread;
    if (t != null) t.interrupt();
    for (String id : List.copyOf(monitors.keySet())) end(id);
  }
}
