package io.berth.engine.container;

import io.berth.engine.events.Event;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code POST /containers/prune}: removes every container that is not running (created, exited,
 * dead) and passes the filters, as docker's {@code ContainersPrune}: a container that cannot be
 * removed is skipped, the reclaimed space is the sum of the removed containers' writable layers,
 * and one {@code prune} event with {@code reclaimed} is published. One prune at a time (docker's
 * 409 "a prune operation is already running"). Thread-safe.
 */
public final class ContainerPruner {
  /** What a prune removed: full IDs, and bytes freed. */
  public record Report(List<String> deleted, long reclaimed) {}

  private final ContainerService containers;
  private final AtomicBoolean running = new AtomicBoolean();

  public ContainerPruner(ContainerService containers) {
    this.containers = containers;
  }

  /**
   * @param until  only containers created before this time
   * @param labels docker's label filter over the container's labels (true keeps it)
   */
  public Report prune(Optional<Instant> until, Predicate<Map<String, String>> labels) {
    if (!running.compareAndSet(false, true)) throw BerthException.conflict("a prune operation is already running");
    try {
      List<String> deleted = new ArrayList<>();
      long reclaimed = 0;
      for (Container c : containers.list()) {
        if (c.state().running() || c.state().status() == ContainerState.Status.PAUSED
            || c.state().status() == ContainerState.Status.RESTARTING) {
          continue;
        }
        if (until.isPresent() && c.created().isAfter(until.get())) continue;
        if (!labels.test(c.config().labels())) continue;
        long size = containers.sizes().of(c).rw();
        try {
          containers.remove(c.id(), false);
        } catch (IOException | RuntimeException e) {
          System.err.println("berthd: failed to prune container " + c.id() + ": " + e.getMessage());
          continue;
        }
        deleted.add(c.id());
        reclaimed += size;
      }
      containers.events().publish(Event.container("prune", "", Map.of("reclaimed", Long.toString(reclaimed))));
      return new Report(List.copyOf(deleted), reclaimed);
    } finally {
      running.set(false);
    }
  }
}
