package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.DebianImage;
import io.berth.testkit.HostLeaks;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UDP publishing ({@code -p 5353:53/udp}): berthd's UDP proxy reaches a UDP echo server in the
 * container from the host's loopback and from the bridge gateway, one flow per client; {@code port},
 * {@code ps} and inspect show {@code /udp} as docker does; TCP and UDP hold the same host port number
 * apart; the port is free again when the container is gone. The busybox here has no UDP {@code nc},
 * so the echo server is perl's (the project's Debian image, {@code perl-base}).
 */
class UdpPublishIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** Answers every datagram with "echo:" + the datagram, to its sender. */
  private static final String ECHO = "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 53, "
      + "Proto => 'udp') or die $!; while (defined(my $p = $s->recv(my $d, 65535))) { $s->send(\"echo:$d\", 0, $p) }";

  @BeforeAll static void image() {
    DebianImage.importInto(berth.daemon());
  }

  private String run(String... args) {
    var r = berth.berth(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  /** One datagram to {@code host:port} from {@code client}; the reply, or null after {@code waitMs}. */
  private static String ask(DatagramSocket client, String host, int port, String text, int waitMs) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(b, b.length, new InetSocketAddress(host, port)));
    client.setSoTimeout(waitMs);
    var in = new DatagramPacket(new byte[65536], 65536);
    try {
      client.receive(in);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
  }

  /** Until the server listens inside, datagrams are dropped: ask again until one is answered. */
  private static void awaitEcho(DatagramSocket client, String host, int port) {
    BerthDaemon.eventually(Duration.ofSeconds(20), "udp echo through " + host + ":" + port, () -> {
      try {
        return "echo:ping".equals(ask(client, host, port, "ping", 300));
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0); var d = new DatagramSocket(s.getLocalPort())) {
      return s.getLocalPort(); // free for both TCP and UDP
    }
  }

  private static boolean canBindUdp(int port) {
    try (var d = new DatagramSocket(new InetSocketAddress("0.0.0.0", port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String gateway() {
    return berth.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0).path("Gateway").asText();
  }

  @Test
  void a_udp_port_answers_each_client_and_is_shown_as_udp() throws Exception {
    int port = freePort();
    String id = run("run", "-d", "--name", "udp-echo", "-p", port + ":53/udp", "-p", port + ":53/tcp",
        "debian:bookworm", "perl", "-e", ECHO);
    try (var a = new DatagramSocket(); var b = new DatagramSocket()) {
      awaitEcho(a, "127.0.0.1", port);
      for (int i = 0; i < 3; i++) {
        assertThat(ask(a, "127.0.0.1", port, "a" + i, 5000)).isEqualTo("echo:a" + i);
        assertThat(ask(b, "127.0.0.1", port, "b" + i, 5000)).isEqualTo("echo:b" + i);
      }
      assertThat(gateway()).isNotEmpty();
      assertThat(ask(b, gateway(), port, "via gateway", 5000)).isEqualTo("echo:via gateway");
    }
    var ports = berth.api().get("/containers/" + id + "/json").json().path("NetworkSettings").path("Ports");
    assertThat(ports.path("53/udp").path(0).path("HostIp").asText()).isEqualTo("0.0.0.0");
    assertThat(ports.path("53/udp").path(0).path("HostPort").asText()).isEqualTo(Integer.toString(port));
    assertThat(ports.path("53/tcp").path(0).path("HostPort").asText()).as("tcp holds the same number apart")
        .isEqualTo(Integer.toString(port));
    var docker = berth.docker("port", "udp-echo", "53/udp");
    assertThat(docker.out()).as(docker.toString()).isEqualTo("0.0.0.0:" + port);
    assertThat(run("port", "udp-echo", "53/udp")).isEqualTo("0.0.0.0:" + port);
    var ps = berth.docker("ps", "--filter", "name=udp-echo", "--format", "{{.Ports}}");
    assertThat(ps.out()).as(ps.toString()).contains("0.0.0.0:" + port + "->53/udp")
        .contains("0.0.0.0:" + port + "->53/tcp");
    var taken = berth.berth("run", "-d", "--name", "udp-clash", "-p", port + ":53/udp", "debian:bookworm", "sleep", "60");
    assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(125);
    assertThat(taken.stderr()).contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
    String clash = berth.api().get("/containers/udp-clash/json").json().path("Id").asText();
    run("rm", "-f", id, "udp-clash");
    assertThat(canBindUdp(port)).as("udp host port free after rm -f").isTrue();
    HostLeaks.assertNoneFor(berth.daemon().root(), Set.of(id, clash));
  }

  @Test
  void an_ephemeral_udp_port_is_chosen_and_serves_after_a_restart_of_the_container() throws Exception {
    String id = run("run", "-d", "-p", "53/udp", "debian:bookworm", "perl", "-e", ECHO);
    int port = Integer.parseInt(run("port", id, "53/udp").replaceFirst("^0\\.0\\.0\\.0:", ""));
    assertThat(port).isBetween(1024, 65535);
    try (var a = new DatagramSocket()) {
      awaitEcho(a, "127.0.0.1", port);
      run("restart", "-t", "1", id);
      int again = Integer.parseInt(run("port", id, "53/udp").replaceFirst("^0\\.0\\.0\\.0:", ""));
      awaitEcho(a, "127.0.0.1", again);
    }
    run("rm", "-f", id);
  }
}
