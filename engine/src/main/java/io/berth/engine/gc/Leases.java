package io.berth.engine.gc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Holds on the store by operations in flight, in the spirit of containerd's leases. An operation that
 * writes blobs, layers or snapshots before the row that makes them reachable (an image row, a
 * container row) takes a {@link Lease} first and closes it once that row is committed — or once it
 * has cleaned up after a failure. Garbage collection and {@code system check} run <em>exclusively</em>:
 * never while a lease is open, and no lease opens while they run. So collection never removes what a
 * load, import or commit is still assembling, and never sees it half-made.
 *
 * <p>One lease covers everything its operation writes (containerd names each resource in the lease;
 * here the lease is the whole store, which is simpler and just as safe: collection is quick, it is
 * merely postponed while leases are open). A collection asked for while leases are open is deferred
 * and runs on a virtual thread when the last lease closes ({@link #runWhenIdle}).
 *
 * <p>Thread-safety: all methods may be called from any thread. A lease must not be held by the thread
 * that calls {@link #exclusively} (it would wait for itself).
 */
public final class Leases {
  private static final System.Logger LOG = System.getLogger(Leases.class.getName());

  /** An open hold; closing it twice is harmless. */
  public interface Lease extends AutoCloseable {
    String purpose();

    @Override void close();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Long, String> open = new LinkedHashMap<>();
  private final Map<String, Runnable> deferred = new LinkedHashMap<>();
  private long nextId;
  private boolean exclusive;
  private volatile Optional<Runnable> collector = Optional.empty();

  /** Opens a lease for {@code purpose} ("load", "import", "commit" …); waits while a collection runs. */
  public Lease acquire(String purpose) {
    lock.lock();
    try {
      while (exclusive) changed.awaitUninterruptibly();
      long id = nextId++;
      open.put(id, purpose);
      return new Held(id, purpose);
    } finally {
      lock.unlock();
    }
  }

  /** Purposes of the leases open now (for reports). */
  public List<String> open() {
    lock.lock();
    try {
      return new ArrayList<>(open.values());
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} once no lease is open, keeping new leases out until it returns. */
  public <T> T exclusively(Supplier<T> work) {
    lock.lock();
    try {
      while (exclusive || !open.isEmpty()) changed.awaitUninterruptibly();
      exclusive = true;
    } finally {
      lock.unlock();
    }
    try {
      return work.get();
    } finally {
      endExclusive();
    }
  }

  /**
   * Runs {@code task} now, exclusively, when no lease is open and returns true; otherwise remembers
   * it under {@code key} (one pending task per key) to run when the last lease closes, and returns false.
   */
  public boolean runWhenIdle(String key, Runnable task) {
    lock.lock();
    try {
      if (exclusive || !open.isEmpty()) {
        deferred.put(key, task);
        return false;
      }
      exclusive = true;
    } finally {
      lock.unlock();
    }
    try {
      task.run();
    } finally {
      endExclusive();
    }
    return true;
  }

  /** Registers the garbage collector {@link #collect} runs (berthd does, at start-up). */
  public void collector(Runnable gc) { collector = Optional.of(gc); }

  /**
   * Asks for a garbage collection: now when idle, else when the last lease closes. Returns false when
   * no collector is registered (unit tests of single stores), so the caller cleans up itself.
   */
  public boolean collect() {
    Optional<Runnable> gc = collector;
    if (gc.isEmpty()) return false;
    runWhenIdle("gc", gc.get());
    return true;
  }

  private void endExclusive() {
    lock.lock();
    try {
      exclusive = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    startDeferred();
  }

  private void release(long id) {
    lock.lock();
    try {
      if (open.remove(id) == null) return;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    startDeferred();
  }

  /** When idle and something waits: run it (off the releasing thread, which is a request's). */
  private void startDeferred() {
    List<Map.Entry<String, Runnable>> tasks;
    lock.lock();
    try {
      if (exclusive || !open.isEmpty() || deferred.isEmpty()) return;
      tasks = new ArrayList<>(deferred.entrySet());
      deferred.clear();
    } finally {
      lock.unlock();
    }
    Thread.ofVirtual().name("berth-gc").start(() -> {
      for (var t : tasks) {
        try {
          runWhenIdle(t.getKey(), t.getValue()); // a lease opened meanwhile defers it again
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "deferred store clean-up failed: {0}", e.toString());
        }
      }
    });
  }

  private final class Held implements Lease {
    private final long id;
    private final String purpose;

    Held(long id, String purpose) {
      this.id = id;
      this.purpose = purpose;
    }

    @Override public String purpose() { return purpose; }

    @Override public void close() { release(id); }
  }
}
