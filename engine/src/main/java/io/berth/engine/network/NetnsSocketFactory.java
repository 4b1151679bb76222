package io.berth.engine.network;

import io.berth.engine.sys.Namespaces;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Creates TCP and UDP sockets inside other network namespaces (a container's), for the port proxies.
 *
 * <p>Why a dedicated thread: a socket belongs, for its whole life, to the network namespace of the
 * thread that called {@code socket(2)}, and {@code setns(2)} moves only the calling thread. One
 * platform thread ({@code netns-sockets}) therefore takes requests one at a time: it joins the target
 * namespace, creates the socket, and returns to berthd's own namespace (so that it never pins a
 * container's namespace). Connecting and all I/O happen afterwards on the caller's (virtual) thread:
 * the socket stays in the container's namespace wherever it is used. A virtual thread must never
 * call {@code setns}: it would move its carrier thread, and so other virtual threads.
 *
 * <p>Thread-safe. {@link #close} stops the thread; later requests fail with an IOException.
 */
public final class NetnsSocketFactory implements AutoCloseable {
  /** What the worker makes once it is in the namespace. */
  @FunctionalInterface private interface Opener {
    Channel open() throws IOException;
  }

  private record Request(NetnsHandle netns, Opener opener, CompletableFuture<Channel> result) {}

  private static final Request STOP = new Request(null, null, null);

  private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  public NetnsSocketFactory() throws IOException {
    // Let the JDK's networking initialise (IPv6 probing and the like) in berthd's own namespace.
    SocketChannel.open(StandardProtocolFamily.INET).close();
    DatagramChannel.open(StandardProtocolFamily.INET).close();
    worker = Thread.ofPlatform().daemon().name("netns-sockets").start(this::serve);
  }

  /**
   * An unconnected IPv4 TCP socket in {@code netns}. Blocks until the worker made it (microseconds).
   *
   * @throws IOException when the namespace cannot be joined (closed handle, process gone) or the
   *     factory is closed
   */
  public SocketChannel open(NetnsHandle netns) throws IOException {
    return (SocketChannel) open(netns, () -> SocketChannel.open(StandardProtocolFamily.INET));
  }

  /**
   * An unconnected IPv4 UDP socket in {@code netns} (for a UDP proxy's flow: connect it to the
   * container's port, then read and write there).
   *
   * @throws IOException as {@link #open(NetnsHandle)}
   */
  public DatagramChannel openDatagram(NetnsHandle netns) throws IOException {
    return (DatagramChannel) open(netns, () -> DatagramChannel.open(StandardProtocolFamily.INET));
  }

  private Channel open(NetnsHandle netns, Opener opener) throws IOException {
    if (closed) throw new IOException("netns socket factory is closed");
    var result = new CompletableFuture<Channel>();
    // The handle's monitor keeps its descriptor open (and its number ours) until the socket exists.
    synchronized (netns) {
      netns.fd();
      requests.add(new Request(netns, opener, result));
      try {
        // A bound on the wait only matters if the factory is closed meanwhile.
        return result.get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        result.thenAccept(NetnsSocketFactory::closeQuietly);
        throw new IOException("timed out opening a socket in " + netns, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // The worker still completes the request: close what it makes.
        result.thenAccept(NetnsSocketFactory::closeQuietly);
        throw new IOException("interrupted while opening a socket in " + netns, e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
      }
    }
  }

  private void serve() {
    int home;
    try {
      home = Namespaces.open(Path.of("/proc/thread-self/ns/net"));
    } catch (IOException e) {
      System.err.println("berthd: netns-sockets cannot open its own network namespace: " + e.getMessage());
      failAll(e);
      return;
    }
    try {
      while (true) {
        Request r;
        try {
          r = requests.take();
        } catch (InterruptedException e) {
          break;
        }
        if (r == STOP) break;
        try {
          r.result().complete(create(r.netns(), r.opener(), home));
        } catch (IOException | RuntimeException e) {
          r.result().completeExceptionally(e);
        }
      }
    } finally {
      Namespaces.close(home);
      failAll(new IOException("netns socket factory is closed"));
    }
  }

  /** Runs on the worker thread, with the caller holding {@code netns}'s monitor. */
  private static Channel create(NetnsHandle netns, Opener opener, int home) throws IOException {
    Namespaces.setns(netns.fd(), Namespaces.CLONE_NEWNET);
    try {
      return opener.open();
    } finally {
      try {
        Namespaces.setns(home, Namespaces.CLONE_NEWNET);
      } catch (IOException e) {
        // Harmless for later requests (each joins its target first); only the namespace stays pinned.
        System.err.println("berthd: netns-sockets could not return to its namespace: " + e.getMessage());
      }
    }
  }

  private void failAll(IOException e) {
    closed = true;
    Request r;
    while ((r = requests.poll()) != null) {
      if (r.result() != null) r.result().completeExceptionally(e);
    }
  }

  private static void closeQuietly(Channel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override public void close() {
    closed = true;
    requests.add(STOP);
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
