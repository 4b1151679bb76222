package io.berth.engine.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The daemon's event log: the most recent {@value #CAPACITY} events in memory (Docker keeps a ring
 * of the same kind; events do not survive a daemon restart) plus live subscribers.
 *
 * <p>Thread-safety: publishing and subscribing may happen from any thread; a subscriber sees every
 * event published after {@link #subscribe} returned, in order, and {@link #subscribe} returns the
 * replay of stored events atomically with registration, so none is lost or seen twice.
 */
public final class EventBus {
  static final int CAPACITY = 1024;

  private final ArrayDeque<Event> recent = new ArrayDeque<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  public void publish(Event e) {
    synchronized (recent) {
      if (recent.size() == CAPACITY) recent.removeFirst();
      recent.addLast(e);
      for (Consumer<Event> l : listeners) l.accept(e);
    }
  }

  /** A live subscription: the stored events at or after {@code since}, then each new one. */
  public Subscription subscribe(Instant since) {
    var queue = new LinkedBlockingQueue<Event>();
    Consumer<Event> listener = queue::add;
    List<Event> replay = new ArrayList<>();
    synchronized (recent) {
      for (Event e : recent) if (!e.time().isBefore(since)) replay.add(e);
      listeners.add(listener);
    }
    return new Subscription(replay, queue, () -> listeners.remove(listener));
  }

  /** How many subscriptions are open (Docker's {@code NEventsListener}). */
  public int listenerCount() { return listeners.size(); }

  /** Stored events in {@code [since, until]}, oldest first. */
  public List<Event> between(Instant since, Instant until) {
    synchronized (recent) {
      return recent.stream().filter(e -> !e.time().isBefore(since) && !e.time().isAfter(until)).toList();
    }
  }

  /** Replayed events, then the live queue; {@link #close} stops delivery. */
  public record Subscription(List<Event> replay, BlockingQueue<Event> live, Runnable cancel) implements AutoCloseable {
    @Override public void close() { cancel.run(); }
  }
}
