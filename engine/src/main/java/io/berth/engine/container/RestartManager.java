package io.berth.engine.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies restart policies ({@link RestartRules}) the way moby's restart manager and monitor do.
 *
 * <p>On an exit (called by {@link ContainerService#onExit} under the container's lock) it decides
 * whether the container restarts; if so the container is {@code restarting}, its
 * {@code RestartCount} grows at once (as Docker counts it), and after the back-off a virtual thread
 * starts it again through {@link ContainerService#startByPolicy}. A stop or kill through the API
 * ({@link #stoppedByUser}) records the manual stop (persisted: {@code unless-stopped} relies on it
 * across daemon restarts) and cancels the restart of the exit it causes; a start through the API
 * ({@link #reset}) clears both. At daemon start-up ({@link #recoverAtBoot}) the containers the
 * policy wants running are started, as dockerd does when it restores containers.
 *
 * <p>Per-container bookkeeping (back-off, cancellation, the pending restart) lives in memory only,
 * as in moby: a daemon restart begins the back-off anew. Thread-safety: every method that changes
 * state runs under the container's lock (taken here when the caller does not hold it).
 */
public final class RestartManager {
  /** What an exit leads to: the state to persist, the back-off when it restarts, and whether --rm may remove it. */
  record Plan(ContainerState state, Optional<Duration> delay, boolean autoRemove, String execSeconds) {}

  /** moby's per-container restart manager. */
  private static final class Tracker {
    Duration delay = Duration.ZERO;
    /** moby's {@code canceled}: the next exit does not restart (a stop/kill through the API). */
    boolean cancelled;
    /** POST /restart is stopping the container: that exit neither restarts nor auto-removes it. */
    boolean manualRestart;
    /** The thread sleeping through the back-off, if any. */
    Thread pending;
  }

  private final ContainerService containers;
  private final ContainerStore store;
  private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

  RestartManager(ContainerService containers, ContainerStore store) {
    this.containers = containers;
    this.store = store;
  }

  private Tracker tracker(String id) {
    return trackers.computeIfAbsent(id, k -> new Tracker());
  }

  /** Under the lock: the outcome of {@code c}'s process exiting with {@code exitCode} at {@code at}. */
  Plan onExit(Container c, int exitCode, Instant at) {
    Tracker t = tracker(c.id());
    ContainerState exited = c.state().exited(exitCode, at);
    Duration ranFor = c.state().startedAt().map(s -> Duration.between(s, at)).orElse(Duration.ZERO);
    String execSeconds = Long.toString(Math.max(0, ranFor.toSeconds()));
    HostOptions.RestartPolicy policy = c.config().host().restartPolicy();
    if (policy.isNone()) return new Plan(exited, Optional.empty(), !t.manualRestart, execSeconds);
    t.delay = RestartRules.nextDelay(t.delay, ranFor);
    boolean restart = !t.cancelled && !t.manualRestart
        && RestartRules.shouldRestart(policy, exitCode, c.state().manuallyStopped(), c.state().restartCount());
    if (!restart) return new Plan(exited, Optional.empty(), !t.manualRestart, execSeconds);
    return new Plan(exited.restarting(), Optional.of(t.delay), false, execSeconds);
  }

  /** Under the lock, once the {@code restarting} state is persisted: starts the back-off. */
  void schedule(String id, Duration delay) {
    Tracker t = tracker(id);
    if (t.pending != null) t.pending.interrupt();
    t.pending = Thread.ofVirtual().name("restart-" + id.substring(0, Math.min(12, id.length()))).unstarted(() -> {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException cancelled) {
        return;
      }
      try {
        containers.startByPolicy(id);
      } catch (RuntimeException e) {
        System.err.println("berthd: restart of " + id + " by its restart policy failed: " + e.getMessage());
        // A start that failed before the runtime could report (e.g. the mount) leaves it restarting.
        containers.withLock(id, () -> {
          store.get(id).filter(c -> c.state().status() == ContainerState.Status.RESTARTING)
              .ifPresent(c -> store.updateState(id, c.state().restartCancelled()));
          return null;
        });
      }
    });
    t.pending.start();
  }

  /**
   * Under the lock, from the back-off thread: true when this thread's restart is still wanted (the
   * container is still waiting for it); it is then no longer pending.
   */
  boolean claim(Container c) {
    Tracker t = trackers.get(c.id());
    if (t == null || t.pending != Thread.currentThread()) return false;
    t.pending = null;
    return c.state().status() == ContainerState.Status.RESTARTING;
  }

  /**
   * A stop or kill through the API (moby's {@code killWithSignal}): records the manual stop; a
   * SIGKILL, or the container's stop signal (any signal when it has none), also cancels the restart
   * of the exit it causes. A container waiting for its back-off is then plainly exited.
   *
   * @return true when the container was waiting for a restart, so there is no process to signal
   */
  boolean stoppedByUser(String id, int signal) {
    return containers.withLock(id, () -> {
      Optional<Container> oc = store.get(id);
      if (oc.isEmpty()) return false;
      Container c = oc.get();
      boolean cancels = signal == Signals.SIGKILL
          || c.config().stopSignal().map(s -> Signals.parse(s) == signal).orElse(true);
      Tracker t = tracker(id);
      boolean waiting = c.state().status() == ContainerState.Status.RESTARTING;
      ContainerState next = c.state().stoppedByUser();
      if (cancels) {
        t.cancelled = true;
        if (waiting) {
          if (t.pending != null) t.pending.interrupt();
          t.pending = null;
          next = next.restartCancelled();
        }
      }
      store.updateState(id, next);
      return waiting;
    });
  }

  /** POST /restart begins (true) or ends (false): its stop is no exit for the policy or --rm. */
  void manualRestart(String id, boolean inProgress) {
    containers.withLock(id, () -> {
      tracker(id).manualRestart = inProgress;
      return null;
    });
  }

  /** Under the lock, on a start through the API: a fresh restart manager. */
  void reset(String id) {
    Tracker old = trackers.remove(id);
    if (old != null && old.pending != null) old.pending.interrupt();
    if (old != null && old.manualRestart) tracker(id).manualRestart = true;
  }

  /** Under the lock, when the container is removed. */
  void forget(String id) {
    Tracker old = trackers.remove(id);
    if (old != null && old.pending != null) old.pending.interrupt();
  }

  /**
   * At daemon start-up, after exits that happened while the daemon was down were handled: starts
   * the containers whose policy wants them running (moby's restore: a container that was started
   * before, is not running, and whose policy says restart — for {@code always} even after a manual
   * stop), and resumes the back-off of those that were waiting for a restart.
   */
  void recoverAtBoot() {
    for (Container c : store.all()) {
      ContainerState s = c.state();
      try {
        if (s.status() == ContainerState.Status.RESTARTING) {
          containers.withLock(c.id(), () -> {
            Optional<Container> now = store.get(c.id());
            if (now.isPresent() && now.get().state().status() == ContainerState.Status.RESTARTING
                && tracker(c.id()).pending == null) {
              schedule(c.id(), RestartRules.INITIAL);
            }
            return null;
          });
        } else if (s.status() == ContainerState.Status.EXITED && s.startedAt().isPresent()
            && RestartRules.shouldRestart(c.config().host().restartPolicy(), s.exitCode(), s.manuallyStopped(),
                s.restartCount())) {
          containers.start(c.id());
        }
      } catch (RuntimeException | java.io.IOException e) {
        System.err.println("berthd: cannot start " + c.id() + " for its restart policy: " + e.getMessage());
      }
    }
  }
}
