package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.term.Terminal;
import io.berth.client.EngineClient;
import java.util.Optional;

/**
 * Keeps a container's terminal the size of ours, as the docker CLI's {@code MonitorTtySize}: one
 * resize now (retried a few times, the container may not be running yet), then one on every
 * SIGWINCH. Only when our stdout is a terminal.
 */
final class TtySize {
  private TtySize() {}

  /** Sends the current size now and on every window change. */
  @SuppressWarnings("removal")
  static void monitor(Cli cli, EngineClient client, String id) {
    if (!cli.stdoutIsTerminal()) return;
    if (!resize(client, id, Terminal.size(1))) {
      Thread.ofVirtual().name("berth-resize").start(() -> {
        for (int retry = 0; retry < 10; retry++) {
          sleep((retry + 1) * 10L);
          if (resize(client, id, Terminal.size(1))) return;
        }
        cli.err().println("failed to resize tty, using default size");
      });
    }
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"),
          s -> Thread.ofVirtual().name("berth-resize").start(() -> resize(client, id, Terminal.size(1))));
    } catch (Throwable e) {
      // no SIGWINCH on this platform: the size stays what it was at start
    }
  }

  /**
   * The docker CLI's first step on attach: one cell larger than the window, so that the program in
   * the container sees a change and redraws (a shell prints its prompt again); {@link #monitor} then
   * sets the real size.
   */
  static void nudge(Cli cli, EngineClient client, String id) {
    if (!cli.stdoutIsTerminal()) return;
    Terminal.size(1).ifPresent(s -> resize(client, id, Optional.of(new Terminal.Size(s.rows() + 1, s.cols() + 1))));
  }

  private static boolean resize(EngineClient client, String id, Optional<Terminal.Size> size) {
    if (size.isEmpty()) return true; // no size to send (docker skips 0x0 too)
    try {
      client.resizeContainer(id, size.get().rows(), size.get().cols());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
