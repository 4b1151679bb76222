package io.berth.engine.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A userland TCP proxy for one published port (Docker's {@code docker-proxy}, in berthd): it listens on
 * the host address, and for every accepted connection opens a socket inside the container's network
 * namespace, connects it to {@code 127.0.0.1:<container port>} there (or to the container's address,
 * see {@link Upstream}) and copies bytes both ways. A
 * direction's end of stream is passed on as a half-close ({@code shutdownOutput}), so request/response
 * protocols that close their write side keep working; the pair is closed when both directions ended
 * (an error ends only its own direction). A connection the container refuses is closed at once, as
 * docker-proxy does.
 *
 * <p>One virtual thread accepts, two per connection copy. {@link #close} stops listening and drops
 * every connection (the container is gone). Thread-safe.
 */
final class PortProxy implements PublishedProxy {
  private static final int BUFFER = 64 * 1024;

  /**
   * The copy loops run on platform threads: a virtual thread parked on a socket read is resumed
   * through the scheduler, which doubled the round trip of a small request through a published port
   * here (≈200 µs against ≈60 µs; bench/network). Two small-stack threads per connection is what
   * docker-proxy's goroutines cost too. (A builder is not thread-safe: one per thread.)
   */
  private static Thread.Builder copier(String name) {
    return Thread.ofPlatform().daemon().stackSize(256 * 1024).name(name);
  }

  private final ServerSocketChannel server;
  private final PortMapping mapping;
  private final Upstream upstreamAt;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread acceptor;

  private PortProxy(ServerSocketChannel server, PortMapping mapping, Upstream upstreamAt) {
    this.server = server;
    this.mapping = mapping;
    this.upstreamAt = upstreamAt;
  }

  /** Binds {@code ip:port} (0 = a port the kernel picks from its ephemeral range). Not yet accepting. */
  static PortProxy bind(InetAddress ip, int port, String containerPort, NetnsHandle netns, NetnsSocketFactory sockets)
      throws IOException {
    return bind(ip, port, containerPort, Upstream.loopback(netns, sockets));
  }

  /** Binds {@code ip:port} and relays to {@code upstreamAt}. Not yet accepting. */
  static PortProxy bind(InetAddress ip, int port, String containerPort, Upstream upstreamAt) throws IOException {
    var family = ip.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    // The JDK sets SO_REUSEADDR on listening sockets: a port is free again as soon as it is closed.
    ServerSocketChannel server = ServerSocketChannel.open(family);
    try {
      server.bind(new InetSocketAddress(ip, port), 128);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
    return new PortProxy(server, new PortMapping(containerPort, ip.getHostAddress(), bound), upstreamAt);
  }

  @Override public PortMapping mapping() { return mapping; }

  @Override public synchronized void start() {
    acceptor = Thread.ofVirtual().name("port-proxy-" + mapping.hostPort()).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) System.err.println("berthd: proxy for " + mapping + " stopped: " + e.getMessage());
        return;
      }
      open.add(client);
      if (closed) {
        closeQuietly(client);
        return;
      }
      copier("port-proxy-conn").start(() -> relay(client));
    }
  }

  private void relay(SocketChannel client) {
    SocketChannel upstream = null;
    try {
      upstream = upstreamAt.openTcp();
      open.add(upstream);
      if (closed) return;
      upstream.connect(upstreamAt.target(mapping.privatePort()));
      SocketChannel up = upstream;
      Thread back = copier("port-proxy-copy").start(() -> copy(up, client));
      copy(client, upstream);
      back.join();
    } catch (IOException e) {
      // refused or reset inside the container: the client sees its connection closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      if (upstream != null) closeQuietly(upstream);
    }
  }

  /**
   * Copies until end of stream or an error, then ends this direction only (docker-proxy's rule): the
   * other direction may still carry what the peer sent before, e.g. a reply to a reset request.
   */
  private static void copy(SocketChannel from, SocketChannel to) {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) to.write(buf);
        buf.clear();
      }
    } catch (IOException e) {
      // reset or closed: this direction is over
    }
    try {
      from.shutdownInput();
    } catch (IOException e) {
      // already closed
    }
    try {
      to.shutdownOutput();
    } catch (IOException e) {
      // already closed
    }
  }

  private void closeQuietly(SocketChannel ch) {
    open.remove(ch);
    try {
      ch.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /**
   * The container is gone: stops listening at once (the host port is free when this returns) but lets
   * open connections pass on what the container sent before it died — its sockets are closed, so each
   * relay sees the end of stream and ends by itself; whatever is left after {@code drain} is dropped.
   */
  @Override public void release(java.time.Duration drain) {
    stopListening();
    if (open.isEmpty()) return;
    Thread.ofVirtual().name("port-proxy-drain").start(() -> {
      long deadline = System.nanoTime() + drain.toNanos();
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          break;
        }
      }
      for (SocketChannel ch : open) closeQuietly(ch);
    });
  }

  /** Stops listening and drops every connection; returns once the host port is free again. */
  @Override public void close() {
    stopListening();
    for (SocketChannel ch : open) closeQuietly(ch);
  }

  private void stopListening() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    // The JDK finishes closing a channel when the thread blocked in accept() has left it: wait for
    // that, so that the port can be bound again as soon as this returns (a container restarted at once).
    Thread t;
    synchronized (this) {
      t = acceptor;
    }
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
