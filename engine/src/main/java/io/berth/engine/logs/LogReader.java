package io.berth.engine.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads container logs in conmon's k8s-file format.
 *
 * <p>{@link #read} returns the entries present now; {@link #follow} also waits for new ones. A
 * follower wakes on inotify events for the file (one shared watch for all followers of this reader)
 * and, as a safety net against missed events and to notice its stop condition, every
 * {@code recheck} interval; it never spins.
 *
 * <p>Lifecycle: one reader per daemon; {@link #close} stops the shared watch (followers then only
 * wake on the recheck interval). Thread-safety: the reader is thread-safe; each cursor belongs to
 * one consumer thread. A missing file reads as empty (a follower waits for it to appear).
 */
public final class LogReader implements AutoCloseable {
  private final Duration recheck;
  private volatile FileChangeNotifier notifier;

  public LogReader() {
    this(Duration.ofMillis(100));
  }

  /** @param recheck how often a follower re-checks its stop condition without a file event */
  public LogReader(Duration recheck) {
    if (recheck.isNegative() || recheck.isZero()) throw new IllegalArgumentException("recheck must be positive");
    this.recheck = recheck;
  }

  /** The entries in {@code file} now, filtered by {@code query}; a partial last line is returned as is. */
  public LogCursor read(Path file, LogQuery query) {
    return new LogCursor(file, query, () -> true, recheck, null);
  }

  /**
   * Existing entries, then new ones as they are written, until {@code stopWhen} holds and the file is
   * drained (pass "the container is not running"), an entry after {@code query.until()} is seen, or
   * the cursor is closed.
   */
  public LogCursor follow(Path file, LogQuery query, BooleanSupplier stopWhen) {
    Objects.requireNonNull(stopWhen, "stopWhen");
    return new LogCursor(file, query, stopWhen, recheck, notifier());
  }

  private FileChangeNotifier notifier() {
    FileChangeNotifier n = notifier;
    if (n == null) {
      synchronized (this) {
        n = notifier;
        if (n == null) {
          try {
            notifier = n = new FileChangeNotifier();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot watch log files: " + e.getMessage(), e);
          }
        }
      }
    }
    return n;
  }

  @Override public synchronized void close() {
    if (notifier != null) notifier.close();
  }
}
