package io.berth.engine.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The receiving end of an OCI runtime's {@code --console-socket}: a unix socket the runtime connects
 * to once it has created the process's pseudo-terminal, sending the pty master over
 * {@code SCM_RIGHTS} (runc's {@code utils.SendFd}; the message text is the pty's name). The JDK's
 * unix sockets cannot receive descriptors, hence {@link FdIo}.
 *
 * <p>Lifecycle: {@link #listen} → the runtime connects → {@link #receive} → {@link #close} (removes
 * the socket file). Not thread-safe; one exec uses one console socket.
 */
public final class ConsoleSocket implements AutoCloseable {
  private final Path path;
  private final int fd;
  private boolean closed;

  private ConsoleSocket(Path path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  /** Binds a fresh socket at {@code path} (at most 107 bytes long; an old file there is replaced). */
  public static ConsoleSocket listen(Path path) throws IOException {
    Files.deleteIfExists(path);
    return new ConsoleSocket(path, FdIo.listenUnix(path));
  }

  public Path path() { return path; }

  /**
   * Accepts the runtime's connection and returns the descriptor it sent. Waits at most
   * {@code timeout} for the connection (the runtime connects before it reports success, so a caller
   * that waited for the runtime needs no long timeout). Blocks in native code: poll-bounded.
   */
  public int receive(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!FdIo.pollIn(fd, 50)) {
      if (System.nanoTime() > deadline) {
        throw new ErrnoException("no connection on console socket " + path + " within " + timeout.toMillis() + " ms", FdIo.EAGAIN);
      }
    }
    int conn = FdIo.accept(fd);
    try {
      if (!FdIo.pollIn(conn, (int) Math.max(1, timeout.toMillis()))) {
        throw new ErrnoException("nothing received on console socket " + path, FdIo.EAGAIN);
      }
      return FdIo.receiveFd(conn);
    } finally {
      FdIo.close(conn);
    }
  }

  /** Idempotent. */
  @Override public void close() {
    if (closed) return;
    closed = true;
    FdIo.close(fd);
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // the directory is removed with the exec anyway
    }
  }
}
