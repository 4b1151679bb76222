package io.berth.engine.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * Where a published port's proxy sends its traffic, and from which network namespace.
 *
 * <p>Without an address (a container with only loopback, as on the default bridge before it gets
 * veths) the proxy makes its sockets inside the container's namespace and connects to
 * {@code 127.0.0.1:<port>} there. With one (the container's IPv4 address on its network, once
 * {@link ContainerNetworking} has attached it) the sockets are made in berthd's own namespace and
 * connect to that address through the bridge, as docker-proxy does: the container then sees the
 * gateway as the peer, and a server listening only on the container's loopback is not reachable —
 * Docker's behaviour.
 *
 * @param address the container's address; empty: loopback inside {@code netns}
 */
record Upstream(NetnsHandle netns, NetnsSocketFactory sockets, Optional<InetAddress> address) {
  static final InetAddress LOOPBACK = ipv4Loopback();

  /** Loopback inside {@code netns}. */
  static Upstream loopback(NetnsHandle netns, NetnsSocketFactory sockets) {
    return new Upstream(netns, sockets, Optional.empty());
  }

  /** The container's end of {@code port}. */
  InetSocketAddress target(int port) {
    return new InetSocketAddress(address.orElse(LOOPBACK), port);
  }

  /** An unconnected TCP socket in the right namespace. */
  SocketChannel openTcp() throws IOException {
    if (address.isPresent()) return SocketChannel.open(family());
    return sockets.open(netns);
  }

  /** An unconnected UDP socket in the right namespace. */
  DatagramChannel openUdp() throws IOException {
    if (address.isPresent()) return DatagramChannel.open(family());
    return sockets.openDatagram(netns);
  }

  private StandardProtocolFamily family() {
    return address.orElseThrow().getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
