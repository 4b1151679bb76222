package io.berth.engine.runtime;

import io.berth.engine.sys.Fifos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Resizes a container's terminal through conmon's control fifo, {@code <bundle>/ctl}: the message is
 * the line {@code "1 <height> <width>\n"} (1 is conmon's WIN_RESIZE_EVENT); conmon passes
 * {@code "<height> <width>\n"} on to its {@code winsz} fifo, whose reader does TIOCSWINSZ on the
 * terminal once the runtime has handed the terminal over.
 *
 * <p><b>Conmon 2.1.6 quirk:</b> its control reader ({@code read_from_ctrl_buffer}) handles a read
 * that holds several lines by processing the <em>first</em> line once per line, so two resizes that
 * reach the fifo before conmon reads it apply the first size twice and lose the second (fixed in
 * later conmon). The docker CLI sends two resizes back to back on attach (one cell larger, then the
 * real size, to make the shell redraw), which would leave the terminal one cell too large. So the
 * messages for one container are spaced by {@link #SPACING_NANOS}, far longer than conmon's idle main
 * loop needs to read one.
 *
 * <p>Thread-safe.
 */
public final class ConmonConsole {
  static final long SPACING_NANOS = 20_000_000L;

  private final Map<Path, Pacer> pacers = new ConcurrentHashMap<>();

  private static final class Pacer {
    final ReentrantLock lock = new ReentrantLock();
    long lastWrite;
  }

  /**
   * Sets the terminal size of the container in {@code bundle}.
   *
   * @throws io.berth.engine.sys.ErrnoException ENXIO (or ENOENT) when conmon is gone
   */
  public void resize(Path bundle, int height, int width) throws IOException {
    byte[] msg = ("1 " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII);
    if (pacers.size() > 64) prune();
    Pacer p = pacers.computeIfAbsent(bundle, k -> new Pacer());
    p.lock.lock();
    try {
      long wait = p.lastWrite + SPACING_NANOS - System.nanoTime();
      if (p.lastWrite != 0 && wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while resizing", e);
        }
      }
      Fifos.writeNonBlocking(bundle.resolve("ctl"), msg);
      p.lastWrite = System.nanoTime();
    } finally {
      p.lock.unlock();
    }
  }

  /** Drops pacing state nobody needs any more (only the last 20 ms matter). */
  private void prune() {
    long now = System.nanoTime();
    pacers.values().removeIf(p -> !p.lock.isLocked() && now - p.lastWrite > 10_000_000_000L);
  }
}
