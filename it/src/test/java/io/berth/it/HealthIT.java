package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Healthchecks run by berthd with real probes (execs) in real containers; short intervals. */
class HealthIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static final Duration WAIT = Duration.ofSeconds(60);

  static JsonNode health(String name) {
    return berth.api().get("/v1.47/containers/" + name + "/json").json().path("State").path("Health");
  }

  static String status(String name) {
    return health(name).path("Status").asText("");
  }

  static String psStatus(String name) {
    return berth.berth("ps", "-a", "--filter", "name=" + name, "--format", "{{.Status}}").out();
  }

  @Test
  void turns_healthy_then_unhealthy_then_healthy_again() {
    var run = berth.berth("run", "-d", "--name", "hc-flip", "--health-cmd", "cat /tmp/ok", "--health-interval", "200ms",
        "--health-retries", "2", "busybox", "sh", "-c", "echo fine > /tmp/ok; exec sleep 1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      JsonNode config = berth.api().get("/v1.47/containers/hc-flip/json").json().path("Config").path("Healthcheck");
      assertThat(config.path("Test").toString()).isEqualTo("[\"CMD-SHELL\",\"cat /tmp/ok\"]");
      assertThat(config.path("Interval").asLong()).isEqualTo(200_000_000L);

      BerthDaemon.eventually(WAIT, "healthy", () -> status("hc-flip").equals("healthy"));
      assertThat(psStatus("hc-flip")).matches("Up .* \\(healthy\\)");
      JsonNode h = health("hc-flip");
      assertThat(h.path("FailingStreak").asInt()).isZero();
      JsonNode last = h.path("Log").get(h.path("Log").size() - 1);
      assertThat(last.path("ExitCode").asInt()).isZero();
      assertThat(last.path("Output").asText()).isEqualTo("fine\n");

      assertThat(berth.berth("exec", "hc-flip", "rm", "/tmp/ok").exitCode()).isZero();
      BerthDaemon.eventually(WAIT, "unhealthy", () -> status("hc-flip").equals("unhealthy"));
      assertThat(psStatus("hc-flip")).matches("Up .* \\(unhealthy\\)");
      h = health("hc-flip");
      assertThat(h.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(h.path("Log").size()).isBetween(1, 5);
      last = h.path("Log").get(h.path("Log").size() - 1);
      assertThat(last.path("ExitCode").asInt()).isEqualTo(1);
      assertThat(last.path("Output").asText()).contains("No such file or directory");

      assertThat(berth.berth("exec", "hc-flip", "touch", "/tmp/ok").exitCode()).isZero();
      BerthDaemon.eventually(WAIT, "healthy again", () -> status("hc-flip").equals("healthy"));
    } finally {
      berth.berth("rm", "-f", "hc-flip");
    }
  }

  @Test
  void a_probe_over_its_timeout_is_killed_and_reported_as_docker_does() {
    var run = berth.berth("run", "-d", "--name", "hc-slow", "--health-cmd", "sleep 5", "--health-interval", "100ms",
        "--health-timeout", "300ms", "--health-retries", "1", "busybox", "sleep", "1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      BerthDaemon.eventually(WAIT, "unhealthy", () -> status("hc-slow").equals("unhealthy"));
      JsonNode last = health("hc-slow").path("Log").get(0);
      assertThat(last.path("ExitCode").asInt()).isEqualTo(-1);
      assertThat(last.path("Output").asText()).isEqualTo("Health check exceeded timeout (300ms)");
    } finally {
      berth.berth("rm", "-f", "hc-slow");
    }
    // the killed probes left no processes: the container's removal and the leak check at the end see to it
  }

  @Test
  void starting_while_in_the_start_period_and_through_the_docker_cli() {
    var run = berth.docker("run", "-d", "--name", "hc-start", "--health-cmd", "false", "--health-interval", "100ms",
        "--health-retries", "1", "--health-start-period", "1h", "--health-start-interval", "50ms", "busybox", "sleep", "1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      BerthDaemon.eventually(WAIT, "several failed probes",
          () -> health("hc-start").path("Log").size() >= 3);
      assertThat(status("hc-start")).isEqualTo("starting");
      assertThat(health("hc-start").path("FailingStreak").asInt()).isZero();
      var ps = berth.docker("ps", "--filter", "name=hc-start", "--format", "{{.Status}}");
      assertThat(ps.out()).matches("Up .* \\(health: starting\\)");
      var inspect = berth.docker("inspect", "--format", "{{.State.Health.Status}}", "hc-start");
      assertThat(inspect.out()).isEqualTo("starting");
    } finally {
      berth.berth("rm", "-f", "hc-start");
    }
  }

  @Test
  void no_healthcheck_disables_it_and_conflicts_with_health_flags() {
    var run = berth.berth("run", "-d", "--name", "hc-none", "--no-healthcheck", "busybox", "sleep", "1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      JsonNode doc = berth.api().get("/v1.47/containers/hc-none/json").json();
      assertThat(doc.path("Config").path("Healthcheck").path("Test").toString()).isEqualTo("[\"NONE\"]");
      assertThat(doc.path("State").has("Health")).isFalse();
      assertThat(psStatus("hc-none")).matches("Up [^(]*");
    } finally {
      berth.berth("rm", "-f", "hc-none");
    }
    var conflict = berth.berth("run", "--no-healthcheck", "--health-cmd", "true", "busybox", "true");
    assertThat(conflict.exitCode()).isEqualTo(125);
    assertThat(conflict.stderr()).contains("--no-healthcheck conflicts with --health-* options");
  }

  @Test
  void monitoring_resumes_after_a_berthd_restart() {
    var run = berth.berth("run", "-d", "--name", "hc-restart", "--health-cmd", "cat /tmp/flag", "--health-interval",
        "200ms", "--health-retries", "1", "busybox", "sh", "-c", "touch /tmp/flag; exec sleep 1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      BerthDaemon.eventually(WAIT, "healthy", () -> status("hc-restart").equals("healthy"));
      berth.daemon().restart();
      assertThat(status("hc-restart")).isEqualTo("healthy"); // the recorded health survived
      assertThat(berth.berth("exec", "hc-restart", "rm", "/tmp/flag").exitCode()).isZero();
      BerthDaemon.eventually(WAIT, "unhealthy after the restart", () -> status("hc-restart").equals("unhealthy"));
    } finally {
      berth.berth("rm", "-f", "hc-restart");
    }
  }
}
