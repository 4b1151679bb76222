package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.HostLeaks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Published ports ({@code -p}, {@code -P}, {@code --expose}): the userland proxies in berthd reach an
 * echo server ({@code nc -ll -e cat}) that listens on the container's own loopback, from the host's
 * loopback and from the bridge gateway; {@code port} and {@code ps} show them as docker does; a taken
 * host port fails the start with Docker's message; a stopped container's ports are free again.
 */
class PublishIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static final String ECHO = "nc -ll -p 8080 -e cat";

  /** One connection: send {@code text}, half-close, read everything back. */
  private static String roundTrip(String host, int port, String text) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The echo server answers once it listens inside; until then the proxy closes connections. */
  private static void awaitEcho(String host, int port) {
    BerthDaemon.eventually(Duration.ofSeconds(15), "echo through " + host + ":" + port, () -> {
      try {
        return roundTrip(host, port, "ping\n").equals("ping\n");
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean canBind(int port) {
    try (var ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String gateway() {
    return berth.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0).path("Gateway").asText();
  }

  private String run(String... args) {
    var r = berth.berth(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  @Test
  void published_port_is_reachable_on_localhost_and_the_bridge_gateway() throws Exception {
    String id = run("run", "-d", "-p", "8080", "busybox", "sh", "-c", ECHO);
    int port = Integer.parseInt(run("port", id, "8080").replaceFirst("^0\\.0\\.0\\.0:", ""));
    assertThat(port).isBetween(1024, 65535);
    awaitEcho("127.0.0.1", port);
    assertThat(roundTrip("127.0.0.1", port, "hello\nworld\n")).isEqualTo("hello\nworld\n");
    assertThat(gateway()).isNotEmpty();
    assertThat(roundTrip(gateway(), port, "via gateway\n")).isEqualTo("via gateway\n");
    // Nothing listens on 8080 on the host side: the connection went through the proxy.
    var inspect = berth.api().get("/containers/" + id + "/json").json();
    assertThat(inspect.path("NetworkSettings").path("Ports").path("8080/tcp").path(0).path("HostIp").asText())
        .isEqualTo("0.0.0.0");
    assertThat(inspect.path("NetworkSettings").path("Ports").path("8080/tcp").path(0).path("HostPort").asText())
        .isEqualTo(Integer.toString(port));
    assertThat(inspect.path("Config").path("ExposedPorts").has("8080/tcp")).isTrue();
    run("rm", "-f", id);
    assertThat(canBind(port)).as("host port free after rm -f").isTrue();
  }

  @Test
  void publish_all_gives_exposed_ports_ephemeral_host_ports_and_port_and_ps_show_them() throws Exception {
    int fixed = freePort();
    String id = run("run", "-d", "--name", "pub-all", "--expose", "9090", "-p", "127.0.0.1:" + fixed + ":8080", "-P",
        "busybox", "sh", "-c", ECHO);
    awaitEcho("127.0.0.1", fixed);
    String ports = run("port", "pub-all");
    assertThat(ports).matches("8080/tcp -> 127\\.0\\.0\\.1:" + fixed + "\n9090/tcp -> 0\\.0\\.0\\.0:\\d+");
    var docker = berth.docker("port", "pub-all");
    assertThat(docker.exitCode()).as(docker.toString()).isZero();
    assertThat(docker.out()).isEqualTo(ports);
    var ps = berth.docker("ps", "--filter", "name=pub-all", "--format", "{{.Ports}}");
    assertThat(ps.out()).as(ps.toString()).matches("127\\.0\\.0\\.1:" + fixed + "->8080/tcp, 0\\.0\\.0\\.0:\\d+->9090/tcp");
    var one = berth.docker("port", "pub-all", "8080/tcp");
    assertThat(one.out()).isEqualTo("127.0.0.1:" + fixed);
    var none = berth.docker("port", "pub-all", "7000");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr()).contains("No public port '7000' published for pub-all");
    // Only 127.0.0.1 was asked for the fixed port: the gateway address does not answer there.
    try (var s = new Socket()) {
      boolean refused = false;
      try {
        s.connect(new InetSocketAddress(gateway(), fixed), 2000);
      } catch (IOException e) {
        refused = true;
      }
      assertThat(refused).as("127.0.0.1-only binding refuses the gateway address").isTrue();
    }
    run("rm", "-f", id);
  }

  @Test
  void a_taken_host_port_fails_the_start_with_dockers_message() throws Exception {
    int port = freePort();
    String first = run("run", "-d", "-p", port + ":8080", "busybox", "sh", "-c", ECHO);
    var second = berth.berth("run", "-d", "--name", "clash", "-p", port + ":8080", "busybox", "sleep", "60");
    assertThat(second.exitCode()).as(second.toString()).isEqualTo(125);
    assertThat(second.stderr()).contains("driver failed programming external connectivity on endpoint clash")
        .contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
    var state = berth.api().get("/containers/clash/json").json().path("State");
    assertThat(state.path("Running").asBoolean()).isFalse();
    // the first container still serves its port
    awaitEcho("127.0.0.1", port);
    String id2 = berth.api().get("/containers/clash/json").json().path("Id").asText();
    run("rm", "-f", "clash", first);
    HostLeaks.assertNoneFor(berth.daemon().root(), Set.of(first, id2));
  }

  @Test
  void a_port_some_other_process_holds_fails_the_start() throws Exception {
    try (var holder = ServerSocketChannel.open()) {
      holder.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
      var r = berth.berth("run", "-d", "--name", "held", "-p", port + ":8080", "busybox", "sleep", "60");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
      assertThat(r.stderr()).contains("Error starting userland proxy: listen tcp4 0.0.0.0:" + port
          + ": bind: address already in use");
      run("rm", "-f", "held");
    }
  }

  @Test
  void stopping_frees_the_port_and_starting_again_serves_it() throws Exception {
    int port = freePort();
    String id = run("run", "-d", "-p", port + ":8080", "busybox", "sh", "-c", ECHO);
    awaitEcho("127.0.0.1", port);
    assertThat(canBind(port)).isFalse();
    run("stop", "-t", "1", id);
    assertThat(canBind(port)).as("host port free right after stop").isTrue();
    assertThat(berth.api().get("/containers/" + id + "/json").json().path("NetworkSettings").path("Ports").size()).isZero();
    assertThat(run("port", id)).isEmpty();
    run("start", id);
    awaitEcho("127.0.0.1", port);
    run("rm", "-f", id);
    assertThat(canBind(port)).isTrue();
  }

  @Test
  void a_container_exiting_by_itself_releases_its_port() throws Exception {
    int port = freePort();
    String id = run("run", "-d", "-p", port + ":8080", "busybox", "sh", "-c", "nc -l -p 8080 -e echo bye");
    BerthDaemon.eventually(Duration.ofSeconds(15), "one answer", () -> {
      try {
        return roundTrip("127.0.0.1", port, "").equals("bye\n");
      } catch (IOException e) {
        return false;
      }
    });
    BerthDaemon.eventually(Duration.ofSeconds(15), "port freed after the exit", () -> canBind(port));
    run("rm", id);
  }

  @Test
  void a_restarted_daemon_serves_the_same_host_ports_again() throws Exception {
    String id = run("run", "-d", "-p", "8080", "busybox", "sh", "-c", ECHO);
    int port = Integer.parseInt(run("port", id, "8080").replaceFirst("^0\\.0\\.0\\.0:", ""));
    awaitEcho("127.0.0.1", port);
    berth.daemon().restart();
    assertThat(run("port", id, "8080")).isEqualTo("0.0.0.0:" + port);
    awaitEcho("127.0.0.1", port);
    run("rm", "-f", id);
    assertThat(canBind(port)).isTrue();
  }
}
