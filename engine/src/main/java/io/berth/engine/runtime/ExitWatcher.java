package io.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns conmon's exit files ({@code <exitDir>/<id>}, content: the exit code, {@code 128+n} for a
 * process killed by signal n) into exit events.
 *
 * <p>Lifecycle: construct, then {@link #start}, which registers an inotify watch on the directory (java.nio's WatchService
 * is inotify-backed on Linux, so an exit is seen within about a millisecond), then scans the
 * directory once, so exits written while berthd was down are reported too; {@link #close} stops it.
 * The watch is registered before the scan, so no exit falls between the two.
 *
 * <p>Invariants: the listener is called once per exit file (one file = one exit of one container
 * run). A file is reported again only after it was deleted and written anew, so the consumer should
 * delete the exit file once it has recorded the exit (and before starting the container again);
 * a file left in place is reported again by the next berthd's start-up scan, so handling must be
 * idempotent. conmon writes the file atomically (temp file {@code <id>.XXXXXX}, then rename), and
 * names containing a dot are ignored for that reason.
 *
 * <p>Thread-safety: each listener call runs on its own virtual thread, so a slow handler (one that
 * runs {@code runc delete}) delays no other exit; calls for different containers may be concurrent.
 * The time passed is the exit file's modification time, i.e. when conmon recorded the exit.
 *
 * <p>Errors: a directory that cannot be watched fails {@link #start}; unreadable or malformed files
 * are skipped (they are retried when they change).
 */
public final class ExitWatcher implements AutoCloseable {
  /** Receives one call per container exit. */
  @FunctionalInterface
  public interface Listener {
    void exited(String id, int exitCode, Instant at);
  }

  private final Path dir;
  private final Listener listener;
  /** id → file key (inode) of the exit file already reported. */
  private final Map<String, Object> reported = new ConcurrentHashMap<>();
  private WatchService watch;
  private Thread thread;
  private volatile boolean closed;

  /** A watcher of {@code exitDir}; nothing happens until {@link #start}. */
  public ExitWatcher(Path exitDir, Listener listener) {
    this.dir = exitDir.toAbsolutePath();
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Constructs and {@linkplain #start() starts} a watcher: exits already in {@code exitDir} are reported at once. */
  public static ExitWatcher start(Path exitDir, Listener listener) throws IOException {
    ExitWatcher w = new ExitWatcher(exitDir, listener);
    w.start();
    return w;
  }

  /**
   * Creates the directory if needed, starts watching it, then reports the exits already there.
   *
   * @throws IOException when the directory cannot be created or watched
   * @throws IllegalStateException when already started or closed
   */
  public synchronized void start() throws IOException {
    if (watch != null || closed) throw new IllegalStateException("exit watcher already started");
    Files.createDirectories(dir);
    watch = FileSystems.getDefault().newWatchService();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    scan();
    thread = Thread.ofVirtual().name("exit-watcher").start(this::loop);
  }

  /** The exit code recorded in an exit file, if it exists and is complete. */
  public static Optional<Integer> readExitCode(Path exitFile) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(exitFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void loop() {
    try {
      while (!closed) {
        WatchKey key = watch.take();
        for (WatchEvent<?> ev : key.pollEvents()) {
          if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            scan();
            continue;
          }
          String name = ((Path) ev.context()).toString();
          if (ev.kind() == StandardWatchEventKinds.ENTRY_DELETE) reported.remove(name);
          else consider(name);
        }
        if (!key.reset()) {
          System.err.println("berthd: exit directory " + dir + " is no longer watched");
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private void scan() {
    reported.keySet().removeIf(id -> !Files.exists(dir.resolve(id)));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) consider(f.getFileName().toString());
    } catch (IOException e) {
      System.err.println("berthd: cannot scan exit directory " + dir + ": " + e.getMessage());
    }
  }

  private void consider(String name) {
    if (name.indexOf('.') >= 0) return; // conmon's temporary file, renamed into place when complete
    Path file = dir.resolve(name);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      System.err.println("berthd: cannot read exit file " + file + ": " + e.getMessage());
      return;
    }
    if (!attrs.isRegularFile()) return;
    Object fileKey = attrs.fileKey() != null ? attrs.fileKey() : attrs.lastModifiedTime();
    if (fileKey.equals(reported.get(name))) return;
    Optional<Integer> code = readExitCode(file);
    if (code.isEmpty()) return; // being written; the next event brings the content
    reported.put(name, fileKey);
    Instant at = attrs.lastModifiedTime().toInstant();
    int exitCode = code.get();
    Thread.ofVirtual().name("exit-" + name).start(() -> {
      try {
        listener.exited(name, exitCode, at);
      } catch (RuntimeException e) {
        System.err.println("berthd: handling exit of " + name + " failed: " + e);
      }
    });
  }

  /** Stops watching; listener calls already started run to completion. Idempotent. */
  @Override public synchronized void close() {
    closed = true;
    try {
      if (watch != null) watch.close();
    } catch (IOException ignored) {
      // closing
    }
    if (thread != null) thread.interrupt();
  }
}
