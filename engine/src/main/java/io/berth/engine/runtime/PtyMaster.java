package io.berth.engine.runtime;

import io.berth.engine.sys.FdIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The master side of an exec's pseudo-terminal, received from the runtime, as Java streams.
 *
 * <p>Reads poll in short slices so that {@link #close()} never races a blocked read on a reused
 * descriptor number: every use of the fd holds the read lock, close takes the write lock after
 * marking the master closed, so it waits at most one poll slice. Reads and writes are native calls:
 * read from a platform thread. End of input is EIO (the last slave descriptor was closed) or close.
 */
final class PtyMaster implements AutoCloseable {
  private static final int POLL_SLICE_MS = 100;

  private final int fd;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  PtyMaster(int fd) {
    this.fd = fd;
  }

  InputStream input() {
    return new InputStream() {
      @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (true) {
          lock.readLock().lock();
          try {
            if (closed) return -1;
            if (FdIo.pollIn(fd, POLL_SLICE_MS)) return FdIo.read(fd, b, off, len);
          } finally {
            lock.readLock().unlock();
          }
        }
      }
    };
  }

  OutputStream output() {
    return new OutputStream() {
      @Override public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override public void write(byte[] b, int off, int len) throws IOException {
        lock.readLock().lock();
        try {
          if (closed) throw new IOException("terminal closed");
          FdIo.writeFully(fd, b, off, len);
        } finally {
          lock.readLock().unlock();
        }
      }

      // Closing stdin of a terminal process means nothing to the process (the terminal stays
      // open); the caller ends the session instead, as Docker does.
      @Override public void close() {}
    };
  }

  void resize(int rows, int cols) throws IOException {
    lock.readLock().lock();
    try {
      if (!closed) FdIo.setWindowSize(fd, rows, cols);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override public void close() {
    closed = true;
    lock.writeLock().lock();
    try {
      FdIo.close(fd);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
