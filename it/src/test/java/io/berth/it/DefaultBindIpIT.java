package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code berthd --ip 127.0.0.1} (dockerd's default binding address): {@code -p 8080} binds only
 * 127.0.0.1 and shows it; an explicit {@code -p 0.0.0.0::8080} still binds every address.
 */
class DefaultBindIpIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon("--ip", "127.0.0.1");

  private static final String ECHO = "nc -ll -p 8080 -e cat";

  private String run(String... args) {
    var r = berth.berth(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  private static boolean echoes(String host, int port) {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).equals("ping\n");
    } catch (IOException e) {
      return false;
    }
  }

  private static String gateway() {
    return berth.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0).path("Gateway").asText();
  }

  @Test
  void bindings_without_an_address_take_the_daemons_and_explicit_ones_keep_theirs() {
    String id = run("run", "-d", "-p", "8080", "-p", "0.0.0.0::8080", "busybox", "sh", "-c", ECHO);
    var lines = java.util.Arrays.asList(run("port", id, "8080").split("\n"));
    assertThat(lines).hasSize(2).anyMatch(l -> l.startsWith("127.0.0.1:")).anyMatch(l -> l.startsWith("0.0.0.0:"));
    int local = Integer.parseInt(lines.stream().filter(l -> l.startsWith("127.0.0.1:")).findFirst().orElseThrow()
        .substring("127.0.0.1:".length()));
    int all = Integer.parseInt(lines.stream().filter(l -> l.startsWith("0.0.0.0:")).findFirst().orElseThrow()
        .substring("0.0.0.0:".length()));
    BerthDaemon.eventually(Duration.ofSeconds(15), "echo on 127.0.0.1", () -> echoes("127.0.0.1", local));
    assertThat(gateway()).isNotEmpty();
    assertThat(echoes(gateway(), local)).as("the default binding is 127.0.0.1 only").isFalse();
    assertThat(echoes(gateway(), all)).as("the explicit 0.0.0.0 binding answers everywhere").isTrue();
    var bindings = berth.api().get("/containers/" + id + "/json").json().path("HostConfig").path("PortBindings");
    assertThat(bindings.path("8080/tcp").path(0).path("HostIp").asText()).as("as asked").isEmpty();
    run("rm", "-f", id);
  }
}
