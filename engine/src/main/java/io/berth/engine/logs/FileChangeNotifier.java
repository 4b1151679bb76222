package io.berth.engine.logs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One inotify instance (java.nio WatchService) shared by all followers of a {@link LogReader}: the
 * JDK runs a platform poller thread per WatchService, so one per follower would not scale to many
 * {@code logs -f} clients. Directories are watched while some file in them has a subscriber.
 *
 * <p>Thread-safety: all methods may be called from any thread; callbacks run on the dispatcher
 * thread and must be quick (they only wake a waiting reader).
 */
final class FileChangeNotifier implements AutoCloseable {
  private final WatchService ws;
  private final Map<Path, Map<String, List<Runnable>>> subscribers = new HashMap<>();
  private final Map<Path, WatchKey> keys = new HashMap<>();
  private final Thread thread;

  FileChangeNotifier() throws IOException {
    this.ws = FileSystems.getDefault().newWatchService();
    this.thread = Thread.ofVirtual().name("log-watch").start(this::loop);
  }

  /** Calls {@code onChange} whenever {@code file} is written, created or replaced, until the returned handle is closed. */
  synchronized AutoCloseable subscribe(Path file, Runnable onChange) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    if (!keys.containsKey(dir)) {
      keys.put(dir, dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY));
    }
    subscribers.computeIfAbsent(dir, d -> new HashMap<>()).computeIfAbsent(name, n -> new ArrayList<>()).add(onChange);
    return () -> unsubscribe(dir, name, onChange);
  }

  private synchronized void unsubscribe(Path dir, String name, Runnable onChange) {
    Map<String, List<Runnable>> byName = subscribers.get(dir);
    if (byName == null) return;
    List<Runnable> list = byName.get(name);
    if (list != null && list.remove(onChange) && list.isEmpty()) byName.remove(name);
    if (byName.isEmpty()) {
      subscribers.remove(dir);
      WatchKey k = keys.remove(dir);
      if (k != null) k.cancel();
    }
  }

  private synchronized List<Runnable> callbacks(Path dir, WatchEvent<?> ev) {
    Map<String, List<Runnable>> byName = subscribers.getOrDefault(dir, Map.of());
    if (ev.kind() == StandardWatchEventKinds.OVERFLOW) return byName.values().stream().flatMap(List::stream).toList();
    return List.copyOf(byName.getOrDefault(ev.context().toString(), List.of()));
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = ws.take();
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> ev : key.pollEvents()) {
          for (Runnable r : callbacks(dir, ev)) r.run();
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override public void close() {
    try {
      ws.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    thread.interrupt();
  }
}
