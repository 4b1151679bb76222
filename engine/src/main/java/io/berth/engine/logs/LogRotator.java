package io.berth.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps running containers' logs within their {@link LogPolicy}: when the live file has grown past
 * {@code maxSize}, the files are shifted ({@link LogFiles#rotate}) and conmon is told through its
 * control fifo to reopen the log, which makes it create a new live file.
 *
 * <p>Why berthd rotates and not conmon: conmon's {@code --log-size-max} keeps one file only (it
 * replaces the log with an empty one), so the last {@code maxSize} bytes are all that survive, and
 * often much less. Renaming first and then asking conmon to reopen ({@code "2 0 0\n"} on the
 * {@code ctl} fifo in the bundle, conmon's REOPEN_LOGS_EVENT) keeps N files and loses nothing:
 * conmon writes to the renamed file until it reopens.
 *
 * <p>The rotator wakes on writes (inotify, one watch for all logs) and every {@code interval} as a
 * safety net. While berthd is down nothing rotates; the live file grows and is rotated once berthd
 * is back. Thread-safe; one rotator per daemon.
 */
public final class LogRotator implements AutoCloseable {
  /** A running container's log: its live file, conmon's control fifo, and the policy. */
  public record Target(Path live, Path control, LogPolicy policy) {}

  private record Watched(Target target, AutoCloseable subscription) {}

  private static final byte[] REOPEN = "2 0 0\n".getBytes(StandardCharsets.US_ASCII);

  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  /** The live file each reopen was asked for: no second rotation until conmon has replaced it. */
  private final Map<String, Object> pendingReopen = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Semaphore wake = new Semaphore(0);
  private final Duration interval;
  private final FileChangeNotifier notifier;
  private final Thread thread;
  private volatile boolean closed;

  public LogRotator(Duration interval) throws IOException {
    this.interval = interval;
    this.notifier = new FileChangeNotifier();
    this.thread = Thread.ofVirtual().name("log-rotator").start(this::loop);
  }

  /** Starts (or updates) watching container {@code id}'s log. */
  public void watch(String id, Target t) {
    if (!t.policy().enabled()) return;
    AutoCloseable sub;
    try {
      sub = notifier.subscribe(t.live(), () -> {
        dirty.add(id);
        wake.release();
      });
    } catch (IOException e) {
      sub = () -> {}; // the periodic check still covers it
    }
    Watched old = watched.put(id, new Watched(t, sub));
    if (old != null) closeQuietly(old.subscription());
    dirty.add(id);
    wake.release();
  }

  public void unwatch(String id) {
    Watched w = watched.remove(id);
    pendingReopen.remove(id);
    if (w != null) closeQuietly(w.subscription());
  }

  /** The containers being watched (for tests and diagnostics). */
  public Set<String> watching() { return Set.copyOf(watched.keySet()); }

  private void loop() {
    while (!closed) {
      boolean woken;
      try {
        woken = wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      wake.drainPermits();
      List<String> ids = woken ? List.copyOf(dirty) : List.copyOf(watched.keySet());
      dirty.removeAll(ids);
      for (String id : ids) {
        try {
          check(id);
        } catch (IOException | RuntimeException e) {
          System.err.println("berthd: log rotation of " + id + " failed: " + e.getMessage());
        }
      }
    }
  }

  /** Rotates container {@code id}'s log if it is over its size; true when it did. */
  boolean check(String id) throws IOException {
    Watched w = watched.get(id);
    if (w == null) return false;
    Target t = w.target();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(t.live(), BasicFileAttributes.class);
    } catch (NoSuchFileException renamedAndNotReopenedYet) {
      return false;
    }
    Object pending = pendingReopen.get(id);
    if (pending != null && pending.equals(attrs.fileKey())) return false;
    pendingReopen.remove(id);
    if (attrs.size() <= t.policy().maxSize()) return false;
    LogFiles.rotate(t.live(), t.policy().maxFiles());
    pendingReopen.put(id, Objects.requireNonNullElse(attrs.fileKey(), new Object()));
    reopen(t.control());
    return true;
  }

  /**
   * Asks conmon to reopen its log. The fifo is opened read-write: that never blocks (a write-only
   * open of a fifo waits for a reader, forever if conmon is gone), and conmon's reader, kept open
   * for its lifetime, gets the line.
   */
  static void reopen(Path control) throws IOException {
    try (FileChannel c = FileChannel.open(control, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(REOPEN));
    }
  }

  @Override public void close() {
    closed = true;
    thread.interrupt();
    watched.values().forEach(w -> closeQuietly(w.subscription()));
    watched.clear();
    notifier.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
