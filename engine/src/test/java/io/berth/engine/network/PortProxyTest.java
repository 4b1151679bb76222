package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy against a real network namespace: an echo server ({@code busybox nc -ll -e cat}) that
 * listens on 127.0.0.1 of a namespace made by {@code unshare --net}, where the host has no listener.
 * Needs root, util-linux's unshare, iproute2 and busybox.
 */
class PortProxyTest {
  private static final int INNER_PORT = 18099;

  private Process ns;
  private NetnsSocketFactory sockets;
  private NetnsHandle handle;

  @BeforeEach void startNamespace() throws Exception {
    ns = new ProcessBuilder("unshare", "--net", "sh", "-c",
        "ip link set lo up && exec busybox nc -ll -p " + INNER_PORT + " -e cat")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // /proc/<pid>/net/tcp{,6} list the sockets of that process's namespace (nc listens on [::]).
    String hexPort = ":" + String.format(Locale.ROOT, "%04X", INNER_PORT) + " ";
    Path proc = Path.of("/proc", Long.toString(ns.pid()), "net");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!(Files.readString(proc.resolve("tcp")) + Files.readString(proc.resolve("tcp6"))).contains(hexPort)) {
      assertThat(ns.isAlive()).as("namespace process").isTrue();
      assertThat(System.nanoTime()).as("listener in the namespace").isLessThan(deadline);
      Thread.sleep(20);
    }
    sockets = new NetnsSocketFactory();
    handle = NetnsHandle.ofProcess((int) ns.pid());
  }

  @AfterEach void stop() throws Exception {
    if (handle != null) handle.close();
    if (sockets != null) sockets.close();
    ns.destroyForcibly();
    ns.waitFor();
  }

  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  @Test
  void connections_reach_the_listener_inside_the_namespace_with_half_close() throws Exception {
    assertThatThrownBy(() -> new Socket(loopback(), INNER_PORT).close())
        .as("nothing listens on the host side").isInstanceOf(ConnectException.class);
    try (var proxy = PortProxy.bind(loopback(), 0, INNER_PORT + "/tcp", handle, sockets)) {
      proxy.start();
      int port = proxy.mapping().hostPort();
      assertThat(proxy.mapping()).isEqualTo(new PortMapping(INNER_PORT + "/tcp", "127.0.0.1", port));
      for (int i = 0; i < 3; i++) {
        try (var s = new Socket(loopback(), port)) {
          s.getOutputStream().write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
          s.shutdownOutput();
          assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello " + i + "\n");
        }
      }
    }
  }

  @Test
  void a_port_nobody_listens_on_inside_closes_the_connection() throws Exception {
    try (var proxy = PortProxy.bind(loopback(), 0, "18098/tcp", handle, sockets)) {
      proxy.start();
      try (var s = new Socket(loopback(), proxy.mapping().hostPort())) {
        s.setSoTimeout(5000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void closing_frees_the_host_port_at_once() throws Exception {
    int port;
    try (var proxy = PortProxy.bind(loopback(), 0, INNER_PORT + "/tcp", handle, sockets)) {
      proxy.start();
      port = proxy.mapping().hostPort();
      try (var s = new Socket(loopback(), port)) {
        s.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
        assertThat(s.getInputStream().read()).isEqualTo('x');
      }
    }
    try (var again = java.nio.channels.ServerSocketChannel.open()) {
      again.bind(new InetSocketAddress(loopback(), port));
    }
  }

  @Test
  void a_closed_namespace_handle_fails_the_socket_request() throws Exception {
    handle.close();
    assertThatThrownBy(() -> sockets.open(handle)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    handle = null;
  }
}
