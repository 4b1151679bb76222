package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.TestDaemon;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers with Ryuk on (the with-ryuk failsafe execution, it/pom.xml): its resource reaper
 * starts the {@code berth-it/ryuk} stand-in — named, AutoRemove, the daemon socket bind-mounted,
 * 8080 published — waits for "Started!", connects to {@code getHost()} (the bridge gateway, since
 * this host has /.dockerenv) at the mapped port and gets its session's filter acknowledged; then a
 * container's published port works through {@code getHost():getMappedPort}.
 */
class TestcontainersRyukIT {
  private static TestDaemon daemon;

  @BeforeAll static void startDaemon() throws IOException {
    // Only the testcontainers-with-ryuk execution sets the environment this needs (-Dit.test selects it
    // in every execution).
    Assumptions.assumeTrue(TestcontainersRyuk.enabled(), "Ryuk is on with the stand-in image");
    String host = System.getenv("DOCKER_HOST");
    Path socket = Path.of(host.substring("unix://".length()));
    Files.deleteIfExists(socket);
    daemon = TestDaemon.start(List.of(host));
    daemon.loadBusybox("busybox:latest");
    TestcontainersRyuk.loadIfEnabled(daemon);
  }

  @AfterAll static void stopDaemon() {
    if (daemon != null) daemon.close();
  }

  private static String roundTrip(String host, int port, String text) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void ryuk_acknowledges_the_session_and_mapped_ports_work() throws Exception {
    try (var c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withExposedPorts(8080)
        .withCommand("sh", "-c", "nc -ll -p 8080 -e cat & until netstat -ltn | grep -q ':8080 '; do sleep 0.05; done; "
            + "echo listening; wait")
        .waitingFor(Wait.forLogMessage(".*listening.*", 1).withStartupTimeout(Duration.ofSeconds(30)))) {
      c.start(); // starts Ryuk first, and fails unless Ryuk acknowledged the session's filter

      String session = DockerClientFactory.SESSION_ID;
      JsonNode ryuk = daemon.api().get("/containers/testcontainers-ryuk-" + session + "/json").json();
      assertThat(ryuk.path("State").path("Running").asBoolean()).isTrue();
      assertThat(ryuk.path("Config").path("Image").asText()).isEqualTo("berth-it/ryuk:latest");
      assertThat(ryuk.path("HostConfig").path("AutoRemove").asBoolean()).isTrue();
      String socket = System.getenv("DOCKER_HOST").substring("unix://".length());
      assertThat(ryuk.path("HostConfig").path("Binds").path(0).asText()).startsWith(socket + ":/var/run/docker.sock");
      assertThat(ryuk.path("Mounts").path(0).path("Source").asText()).isEqualTo(socket);
      String logs = daemon.cli().docker("logs", ryuk.path("Id").asText()).stderr();
      assertThat(logs).contains("ryuk: filter ").contains("org.testcontainers.sessionId%3D" + session);

      String gateway = daemon.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0).path("Gateway").asText();
      assertThat(c.getHost()).isEqualTo(gateway);
      assertThat(roundTrip(c.getHost(), c.getMappedPort(8080), "through the gateway\n")).isEqualTo("through the gateway\n");

      String id = c.getContainerId();
      c.stop();
      assertThat(daemon.api().get("/containers/" + id + "/json").status()).isEqualTo(404);
    }
  }
}
