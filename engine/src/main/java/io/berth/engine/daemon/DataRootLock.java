package io.berth.engine.daemon;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data-root>/berthd.lock}, held for the daemon's life, so two berthds
 * never share one data root. The kernel drops it when the process dies (even by SIGKILL), so a crash
 * never leaves a stale lock.
 */
final class DataRootLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataRootLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataRootLock acquire(Path dataRoot) throws IOException {
    Path file = dataRoot.resolve("berthd.lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    FileLock l = ch.tryLock();
    if (l == null) {
      ch.close();
      String pid = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
      throw new BerthException.Conflict("another berthd (pid " + pid.trim() + ") is using data root " + dataRoot
          + "; stop it first or choose another --data-root");
    }
    ch.truncate(0);
    ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
    return new DataRootLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
