package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerHooks;
import io.berth.engine.container.ContainerService;
import io.berth.engine.runtime.ConmonAttach;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Connections to conmon's attach socket for attaches that arrive before the container runs:
 * {@code docker run} attaches first and starts afterwards, and must not miss the first bytes of
 * output (a shell's first prompt). Such an attach waits here; when the container starts,
 * {@link ContainerService} calls {@link #created} (a {@link ContainerHooks}) after conmon is up and
 * before the container's process runs, and the waiting attaches connect then.
 *
 * <p>An attach either connects at once (a conmon listens: the container runs, or is between its
 * runtime create and start) or waits for the next start, never both, so no container ends up with
 * a second, unused connection (closing one would close a StdinOnce container's stdin). Both
 * decisions are made under this object's lock. Thread-safe.
 */
final class AttachPoints implements ContainerHooks {
  private final ContainerService containers;
  private final Map<String, List<CompletableFuture<Optional<ConmonAttach>>>> pending = new HashMap<>();

  AttachPoints(ContainerService containers) {
    this.containers = containers;
    containers.addHooks(this);
  }

  /**
   * A connection to the conmon of the container's current run, or of its next start. Empty when
   * the container was running but its conmon has gone (it just exited), or on {@link #cancel}.
   */
  synchronized CompletableFuture<Optional<ConmonAttach>> attach(String id) {
    try {
      return CompletableFuture.completedFuture(Optional.of(ConmonAttach.connect(containers.paths().bundle(id))));
    } catch (IOException notListening) {
      if (containers.isRunning(id)) return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<ConmonAttach>> f = new CompletableFuture<>();
    pending.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
    return f;
  }

  @Override public void released(String id) {
    // nothing: an attach connected to a run that failed to start reads the end of its output
  }

  /** Gives up a wait (the container was removed, the client left); a connection made meanwhile is closed. */
  void cancel(String id, CompletableFuture<Optional<ConmonAttach>> f) {
    synchronized (this) {
      List<CompletableFuture<Optional<ConmonAttach>>> l = pending.get(id);
      if (l != null) {
        l.remove(f);
        if (l.isEmpty()) pending.remove(id);
      }
    }
    f.complete(Optional.empty());
  }

  /** The container's conmon is up and its process not started yet: connect the waiting attaches. */
  @Override public synchronized void created(Container c, int pid) {
    String id = c.id();
    List<CompletableFuture<Optional<ConmonAttach>>> waiting = pending.remove(id);
    if (waiting == null) return;
    for (CompletableFuture<Optional<ConmonAttach>> f : waiting) {
      if (f.isDone()) continue;
      try {
        ConmonAttach a = ConmonAttach.connect(containers.paths().bundle(id));
        if (!f.complete(Optional.of(a))) a.close();
      } catch (IOException | RuntimeException e) {
        System.err.println("berthd: cannot attach to container " + id + ": " + e.getMessage());
        f.complete(Optional.empty());
      }
    }
  }
}
