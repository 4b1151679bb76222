package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code berth-it/ryuk} stand-in run the way Testcontainers runs Ryuk (named, AutoRemove,
 * privileged, the daemon socket bind-mounted at /var/run/docker.sock, 8080 published to an ephemeral
 * port): it logs "Started!", answers every filter line with ACK through the bridge gateway, and an
 * AutoRemove container is gone once stopped.
 */
class RyukStandInIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void stand_in_acknowledges_filters_through_the_published_port() throws Exception {
    berth.daemon().loadRyuk();
    String socket = berth.daemon().socket().toString();
    var run = berth.docker("run", "-d", "--name", "testcontainers-ryuk-it", "--rm", "--privileged",
        "-v", socket + ":/var/run/docker.sock", "-p", "8080", "berth-it/ryuk:latest");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out();
    BerthDaemon.eventually(Duration.ofSeconds(15), "Started! in the log",
        () -> berth.docker("logs", id).stdout().contains("Started!"));
    // The daemon socket is really there inside (Ryuk would talk to the daemon through it).
    var inspect = berth.api().get("/containers/" + id + "/json").json();
    assertThat(inspect.path("HostConfig").path("Binds").path(0).asText()).isEqualTo(socket + ":/var/run/docker.sock");
    assertThat(inspect.path("Mounts").path(0).path("Destination").asText()).isEqualTo("/var/run/docker.sock");

    int port = inspect.path("NetworkSettings").path("Ports").path("8080/tcp").path(0).path("HostPort").asInt();
    String gateway = berth.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0).path("Gateway").asText();
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(gateway, port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out.write("label=org.testcontainers.sessionId=abc&label=org.testcontainers=true\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).isEqualTo("ACK");
      out.write("label=second\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).isEqualTo("ACK");
    }
    assertThat(berth.docker("logs", id).stderr()).contains("ryuk: filter label=org.testcontainers.sessionId=abc");

    var stop = berth.docker("stop", id);
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(15), "the AutoRemove container removed",
        () -> berth.api().get("/containers/" + id + "/json").status() == 404);
  }

  @Test
  void publish_all_publishes_the_ports_the_image_exposes() throws Exception {
    berth.daemon().loadRyuk();
    var run = berth.berth("run", "-d", "-P", "berth-it/ryuk:latest");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out();
    var inspect = berth.api().get("/containers/" + id + "/json").json();
    assertThat(inspect.path("Config").path("ExposedPorts").has("8080/tcp")).isTrue();
    String port = berth.berth("port", id, "8080").out();
    assertThat(port).matches("0\\.0\\.0\\.0:\\d+");
    BerthDaemon.eventually(Duration.ofSeconds(15), "Started! in the log",
        () -> berth.docker("logs", id).stdout().contains("Started!"));
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.substring(port.indexOf(':') + 1))), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("label=x\n".getBytes(StandardCharsets.UTF_8));
      var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("ACK");
    }
    assertThat(berth.berth("rm", "-f", id).exitCode()).isZero();
  }
}
