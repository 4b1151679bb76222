package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers (docker-java underneath, no Upgrade header on hijacked streams) against berthd.
 * Testcontainers reads {@code DOCKER_HOST} and its {@code TESTCONTAINERS_*} settings from the
 * environment, which a test cannot set for itself: this class runs in its own failsafe executions
 * (it/pom.xml), which set them, and the daemon listens on that fixed socket besides its own.
 */
class TestcontainersIT {
  private static TestDaemon daemon;

  @BeforeAll static void startDaemon() throws IOException {
    String host = System.getenv("DOCKER_HOST");
    assertThat(host).as("DOCKER_HOST from the failsafe execution").startsWith("unix://");
    Path socket = Path.of(host.substring("unix://".length()));
    Files.deleteIfExists(socket);
    daemon = TestDaemon.start(List.of(host));
    daemon.loadBusybox("busybox:latest");
    TestcontainersRyuk.loadIfEnabled(daemon); // the with-ryuk execution's stand-in image
  }

  @AfterAll static void stopDaemon() {
    if (daemon != null) daemon.close();
  }

  @Test
  void generic_container_starts_execs_logs_and_stops() throws Exception {
    String containerId;
    try (var c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "echo started; echo oops >&2; trap 'exit 0' TERM; while true; do sleep 1; done")
        .waitingFor(Wait.forLogMessage(".*started.*", 1).withStartupTimeout(Duration.ofSeconds(30)))) {
      c.start();
      containerId = c.getContainerId();
      assertThat(c.isRunning()).isTrue();

      var r = c.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
      assertThat(r.getExitCode()).isEqualTo(3);
      assertThat(r.getStdout()).isEqualTo("out\n");
      assertThat(r.getStderr()).isEqualTo("err\n");

      assertThat(c.getLogs(OutputFrame.OutputType.STDOUT)).isEqualTo("started\n");
      assertThat(c.getLogs(OutputFrame.OutputType.STDERR)).isEqualTo("oops\n");

      c.stop();
      assertThat(c.isRunning()).isFalse();
    }
    // stop() removes the container (with its volumes), as against Docker.
    var gone = daemon.api().get("/containers/" + containerId + "/json");
    assertThat(gone.status()).isEqualTo(404);
  }

  /** docker-java's HostConfig limits, stats (Docker's JSON shape) and update, as Testcontainers users call them. */
  @Test
  void limits_stats_and_update_through_docker_java() throws Exception {
    try (var c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "echo started; while true; do sleep 1; done")
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(64L << 20).withPidsLimit(50L))
        .waitingFor(Wait.forLogMessage(".*started.*", 1).withStartupTimeout(Duration.ofSeconds(30)))) {
      c.start();
      var docker = c.getDockerClient();
      var got = new java.util.concurrent.CompletableFuture<com.github.dockerjava.api.model.Statistics>();
      try (var cb = docker.statsCmd(c.getContainerId()).withNoStream(true).exec(
          new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
            @Override public void onNext(com.github.dockerjava.api.model.Statistics s) { got.complete(s); }
          })) {
        got.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      var stats = got.get();
      assertThat(stats.getMemoryStats().getLimit()).isEqualTo(64L << 20);
      assertThat(stats.getMemoryStats().getUsage()).isPositive();
      assertThat(stats.getCpuStats().getCpuUsage().getTotalUsage()).isPositive();
      assertThat(stats.getPidsStats().getCurrent()).isPositive();

      docker.updateContainerCmd(c.getContainerId()).withMemory(32L << 20).withMemorySwap(32L << 20).exec();
      var inspect = docker.inspectContainerCmd(c.getContainerId()).exec();
      assertThat(inspect.getHostConfig().getMemory()).isEqualTo(32L << 20);
      assertThat(inspect.getHostConfig().getPidsLimit()).isEqualTo(50L);
    }
  }

  /** Testcontainers' ImageFromDockerfile: docker-java's build (context tar, build args, its labels) and a run of the image. */
  @Test
  void image_from_dockerfile_builds_and_runs() throws Exception {
    var image = new org.testcontainers.images.builder.ImageFromDockerfile("berth-tc-built", false)
        .withFileFromString("greeting.txt", "hello from a build\n")
        .withFileFromString("Dockerfile", "FROM busybox:latest\nARG WHO=nobody\nCOPY greeting.txt /greeting\n"
            + "RUN echo \"built for $WHO\" >> /greeting\nCMD [\"sh\", \"-c\", \"cat /greeting; sleep 600\"]\n")
        .withBuildArg("WHO", "testcontainers");
    try (var c = new GenericContainer<>(image)
        .waitingFor(Wait.forLogMessage(".*built for.*", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
      c.start();
      assertThat(c.getLogs()).isEqualTo("hello from a build\nbuilt for testcontainers\n");
    }
  }
}
