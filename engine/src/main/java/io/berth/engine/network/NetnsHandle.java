package io.berth.engine.network;

import io.berth.engine.sys.Namespaces;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open descriptor of a network namespace ({@code /proc/<pid>/ns/net}). Holding it pins the
 * namespace, so it keeps naming the container's even if the pid is reused later. Closing releases it;
 * {@link NetnsSocketFactory} uses the descriptor only while holding this object's monitor, so a close
 * never races with a {@code setns} on the same number.
 */
public final class NetnsHandle implements AutoCloseable {
  private final String name;
  private int fd;

  private NetnsHandle(String name, int fd) {
    this.name = name;
    this.fd = fd;
  }

  /** The network namespace of process {@code pid}. */
  public static NetnsHandle ofProcess(int pid) throws IOException {
    Path p = Path.of("/proc", Integer.toString(pid), "ns", "net");
    return new NetnsHandle(p.toString(), Namespaces.open(p));
  }

  /** The descriptor; callers must hold this object's monitor while they use it. */
  int fd() throws IOException {
    if (fd < 0) throw new IOException("network namespace " + name + " was closed");
    return fd;
  }

  @Override public synchronized void close() {
    Namespaces.close(fd);
    fd = -1;
  }

  @Override public String toString() { return name; }
}
