package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The UDP proxy against a real network namespace made by {@code unshare --net}: the echo server is a
 * datagram socket this test makes inside that namespace (through the same {@link NetnsSocketFactory})
 * and binds to its 127.0.0.1, where the host has nothing. Needs root, util-linux's unshare and iproute2.
 */
class UdpPortProxyTest {
  private static final int INNER_PORT = 18097;

  private Process ns;
  private NetnsSocketFactory sockets;
  private NetnsHandle handle;
  private DatagramChannel echo;
  private final Set<SocketAddress> echoPeers = ConcurrentHashMap.newKeySet();

  @BeforeEach void startNamespace() throws Exception {
    ns = new ProcessBuilder("unshare", "--net", "sh", "-c", "ip link set lo up && echo ready && exec sleep 600")
        .redirectErrorStream(true).start();
    var out = new BufferedReader(new InputStreamReader(ns.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("namespace with loopback up").isEqualTo("ready");
    sockets = new NetnsSocketFactory();
    handle = NetnsHandle.ofProcess((int) ns.pid());
  }

  @AfterEach void stop() throws Exception {
    if (echo != null) echo.close();
    if (handle != null) handle.close();
    if (sockets != null) sockets.close();
    ns.destroyForcibly();
    ns.waitFor();
  }

  /** An echo server on 127.0.0.1:INNER_PORT inside the namespace, answering "echo:" + the datagram. */
  private void startEcho() throws IOException {
    echo = sockets.openDatagram(handle);
    echo.bind(new InetSocketAddress(loopback(), INNER_PORT));
    DatagramChannel ch = echo;
    Thread.ofVirtual().start(() -> {
      ByteBuffer buf = ByteBuffer.allocate(65536);
      try {
        while (true) {
          buf.clear();
          SocketAddress from = ch.receive(buf);
          echoPeers.add(from);
          buf.flip();
          ByteBuffer reply = ByteBuffer.allocate(buf.remaining() + 5);
          reply.put("echo:".getBytes(StandardCharsets.UTF_8)).put(buf).flip();
          ch.send(reply, from);
        }
      } catch (IOException e) {
        // closed by the test
      }
    });
  }

  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  private UdpPortProxy proxy(Duration idle) throws IOException {
    var p = UdpPortProxy.bind(loopback(), 0, INNER_PORT + "/udp", Upstream.loopback(handle, sockets), idle);
    p.start();
    return p;
  }

  /** Sends {@code text} from {@code client} to the proxy; the reply, or null after {@code waitMs}. */
  private static String ask(DatagramSocket client, int port, String text, int waitMs) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(b, b.length, new InetSocketAddress(loopback(), port)));
    client.setSoTimeout(waitMs);
    var in = new DatagramPacket(new byte[65536], 65536);
    try {
      client.receive(in);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void each_client_gets_its_own_flow_and_its_own_replies() throws Exception {
    startEcho();
    try (var proxy = proxy(UdpPortProxy.IDLE); var a = new DatagramSocket(); var b = new DatagramSocket()) {
      int port = proxy.mapping().hostPort();
      assertThat(proxy.mapping()).isEqualTo(new PortMapping(INNER_PORT + "/udp", "127.0.0.1", port));
      for (int i = 0; i < 3; i++) {
        assertThat(ask(a, port, "a" + i, 5000)).isEqualTo("echo:a" + i);
        assertThat(ask(b, port, "b" + i, 5000)).isEqualTo("echo:b" + i);
      }
      assertThat(proxy.flowCount()).isEqualTo(2);
      // inside, each client appears as its own source address (one connected socket per flow)
      assertThat(echoPeers).hasSize(2);
      // a large datagram passes whole
      String big = "x".repeat(60_000);
      assertThat(ask(a, port, big, 5000)).isEqualTo("echo:" + big);
    }
  }

  @Test
  void idle_flows_expire_and_the_client_gets_a_new_one() throws Exception {
    startEcho();
    try (var proxy = proxy(Duration.ofMillis(300)); var a = new DatagramSocket()) {
      int port = proxy.mapping().hostPort();
      assertThat(ask(a, port, "one", 5000)).isEqualTo("echo:one");
      assertThat(proxy.flowCount()).isEqualTo(1);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (proxy.flowCount() > 0) {
        assertThat(System.nanoTime()).as("flow expired").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(ask(a, port, "two", 5000)).isEqualTo("echo:two");
      assertThat(echoPeers).as("the new flow has a new socket inside").hasSize(2);
    }
  }

  @Test
  void nothing_listening_drops_the_datagram_and_a_server_started_later_is_reached() throws Exception {
    try (var proxy = proxy(UdpPortProxy.IDLE); var a = new DatagramSocket()) {
      int port = proxy.mapping().hostPort();
      assertThat(ask(a, port, "anyone?", 300)).isNull();
      assertThat(ask(a, port, "still?", 300)).isNull();
      startEcho();
      assertThat(ask(a, port, "now", 5000)).isEqualTo("echo:now");
    }
  }

  @Test
  void closing_frees_the_host_port_at_once() throws Exception {
    startEcho();
    int port;
    try (var proxy = proxy(UdpPortProxy.IDLE); var a = new DatagramSocket()) {
      port = proxy.mapping().hostPort();
      assertThat(ask(a, port, "hi", 5000)).isEqualTo("echo:hi");
    }
    try (var again = new DatagramSocket(new InetSocketAddress(loopback(), port))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
