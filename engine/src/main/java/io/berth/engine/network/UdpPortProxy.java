package io.berth.engine.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A userland UDP proxy for one published port ({@code -p 5353:53/udp}), as docker-proxy's: one host
 * datagram socket receives from every client; each client address gets its own <em>flow</em>, a
 * datagram socket made inside the container's network namespace and connected to the container port
 * (see {@link Upstream}), so that the container's replies come back on that socket and are sent to
 * that client from the host socket. A flow no datagram has passed through, either way, for
 * {@link #IDLE} is closed (the conntrack-like expiry docker-proxy has; the kernel's own
 * {@code nf_conntrack_udp_timeout} is 30 s, docker-proxy's 90 s); at most {@link #MAX_FLOWS} flows
 * are open, datagrams of further clients are dropped until one expires (UDP may drop).
 *
 * <p>Nothing listening in the container makes the kernel answer with ICMP port unreachable, which a
 * connected socket reports on its next read or write ({@link PortUnreachableException}): the datagram
 * is dropped and the flow kept, so a server that starts later is reached, as through Docker.
 *
 * <p>One virtual thread receives from clients, one per flow receives replies, one expires flows.
 * Thread-safe.
 */
final class UdpPortProxy implements PublishedProxy {
  /** How long a flow may stay idle. */
  static final Duration IDLE = Duration.ofSeconds(60);
  static final int MAX_FLOWS = 1024;
  /** The largest UDP payload over IPv4 is 65507 bytes; a larger buffer never truncates. */
  private static final int BUFFER = 65536;

  private final DatagramChannel host;
  private final PortMapping mapping;
  private final Upstream upstreamAt;
  private final Duration idle;
  private final Map<SocketAddress, Flow> flows = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Thread receiver;
  private Thread reaper;

  /** One client's conversation with the container port. */
  private final class Flow {
    final SocketAddress client;
    final DatagramChannel channel;
    volatile long lastUsed = System.nanoTime();

    Flow(SocketAddress client, DatagramChannel channel) {
      this.client = client;
      this.channel = channel;
    }

    void close() {
      flows.remove(client, this);
      try {
        channel.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  private UdpPortProxy(DatagramChannel host, PortMapping mapping, Upstream upstreamAt, Duration idle) {
    this.host = host;
    this.mapping = mapping;
    this.upstreamAt = upstreamAt;
    this.idle = idle;
  }

  /** Binds {@code ip:port} (0 = an ephemeral port) with the default idle time. Not yet serving. */
  static UdpPortProxy bind(InetAddress ip, int port, String containerPort, Upstream upstreamAt) throws IOException {
    return bind(ip, port, containerPort, upstreamAt, IDLE);
  }

  static UdpPortProxy bind(InetAddress ip, int port, String containerPort, Upstream upstreamAt, Duration idle)
      throws IOException {
    var family = ip.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    DatagramChannel host = DatagramChannel.open(family);
    try {
      host.bind(new InetSocketAddress(ip, port));
    } catch (IOException | RuntimeException e) {
      host.close();
      throw e;
    }
    int bound = ((InetSocketAddress) host.getLocalAddress()).getPort();
    return new UdpPortProxy(host, new PortMapping(containerPort, ip.getHostAddress(), bound), upstreamAt, idle);
  }

  @Override public PortMapping mapping() { return mapping; }

  /** The number of open flows (for tests and diagnostics). */
  int flowCount() { return flows.size(); }

  @Override public synchronized void start() {
    receiver = Thread.ofVirtual().name("udp-proxy-" + mapping.hostPort()).start(this::receiveLoop);
    reaper = Thread.ofVirtual().name("udp-proxy-expiry-" + mapping.hostPort()).start(this::expireLoop);
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    while (!closed) {
      SocketAddress from;
      buf.clear();
      try {
        from = host.receive(buf);
      } catch (IOException e) {
        if (!closed) System.err.println("berthd: proxy for " + mapping + " stopped: " + e.getMessage());
        return;
      }
      buf.flip();
      Flow flow = flows.get(from);
      if (flow == null) {
        flow = newFlow(from);
        if (flow == null) continue; // dropped: too many flows, or the namespace is gone
      }
      forward(from, flow, buf);
    }
  }

  private void forward(SocketAddress from, Flow flow, ByteBuffer buf) {
    flow.lastUsed = System.nanoTime();
    try {
      flow.channel.write(buf);
    } catch (PortUnreachableException e) {
      // an earlier datagram found nobody listening: this one is dropped, the flow stays
    } catch (ClosedChannelException e) {
      // expired just now: the client is back, so it gets a new flow
      Flow again = closed ? null : newFlow(from);
      if (again != null) forward(from, again, buf);
    } catch (IOException e) {
      flow.close();
    }
  }

  private Flow newFlow(SocketAddress client) {
    if (flows.size() >= MAX_FLOWS) return null;
    DatagramChannel ch = null;
    try {
      ch = upstreamAt.openUdp();
      ch.connect(upstreamAt.target(mapping.privatePort()));
    } catch (IOException e) {
      if (ch != null) closeQuietly(ch);
      return null;
    }
    Flow flow = new Flow(client, ch);
    flows.put(client, flow);
    if (closed) {
      flow.close();
      return null;
    }
    Thread.ofVirtual().name("udp-proxy-flow").start(() -> replyLoop(flow));
    return flow;
  }

  /** The container's datagrams on this flow go back to its client, from the published port. */
  private void replyLoop(Flow flow) {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    while (!closed) {
      buf.clear();
      try {
        flow.channel.read(buf);
      } catch (PortUnreachableException e) {
        continue; // nobody listened for what the client sent: wait for the next exchange
      } catch (ClosedChannelException e) {
        return; // expired or the proxy closed
      } catch (IOException e) {
        flow.close();
        return;
      }
      buf.flip();
      flow.lastUsed = System.nanoTime();
      try {
        host.send(buf, flow.client);
      } catch (IOException e) {
        if (closed) return;
        // the client's address is unreachable now: drop the datagram, as the kernel would
      }
    }
    flow.close();
  }

  private void expireLoop() {
    long sweep = Math.clamp(idle.toMillis() / 4, 20, 5000);
    while (!closed) {
      try {
        Thread.sleep(sweep);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Flow f : flows.values()) {
        if (now - f.lastUsed > idle.toNanos()) f.close();
      }
    }
  }

  /** UDP has nothing in flight worth waiting for: the same as {@link #close}. */
  @Override public void release(Duration drain) {
    close();
  }

  /** Stops receiving and closes every flow; returns once the host port is free again. */
  @Override public void close() {
    closed = true;
    try {
      host.close();
    } catch (IOException e) {
      // already closed
    }
    Thread r;
    Thread x;
    synchronized (this) {
      r = receiver;
      x = reaper;
    }
    // As with TCP: the JDK closes the descriptor when the thread blocked in receive() has left it.
    if (r != null) {
      try {
        r.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (x != null) x.interrupt();
    for (Flow f : flows.values()) f.close();
  }

  private static void closeQuietly(DatagramChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
