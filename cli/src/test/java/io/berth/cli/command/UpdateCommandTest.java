package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.command.StatsCommandTest.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth update} against a fake daemon: docker 28's output order, bodies and errors. */
class UpdateCommandTest {
  @TempDir Path dir;
  private FakeDaemon daemon;

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      String ref = path.split("/")[2];
      if (ref.startsWith("missing")) return new FakeDaemon.Reply(404, "{\"message\":\"No such container: " + ref + "\"}");
      return new FakeDaemon.Reply(200, "{\"Warnings\":[\"w1 for " + ref + "\"]}");
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void each_container_is_updated_names_then_warnings_then_errors() {
    Run r = StatsCommandTest.berth(daemon, "update", "-m", "64m", "c1", "missing1", "c2", "missing2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("c1\nc2\nw1 for c1\nw1 for c2\n");
    assertThat(r.err()).isEqualTo("Error response from daemon: No such container: missing1\n"
        + "Error response from daemon: No such container: missing2\n");
    assertThat(daemon.requests).containsExactly("POST /v1.47/containers/c1/update {\"Memory\":67108864}",
        "POST /v1.47/containers/missing1/update {\"Memory\":67108864}", "POST /v1.47/containers/c2/update {\"Memory\":67108864}",
        "POST /v1.47/containers/missing2/update {\"Memory\":67108864}");
  }

  @Test
  void the_body_carries_exactly_the_flags_given() {
    StatsCommandTest.berth(daemon, "container", "update", "--cpus", "0.5", "-c", "100", "--cpu-period", "100000",
        "--cpu-quota", "5000", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--memory-reservation", "1m", "--memory-swap", "-1",
        "--pids-limit", "30", "--blkio-weight", "500", "--restart", "on-failure:3", "c1");
    assertThat(daemon.requests).containsExactly("POST /v1.47/containers/c1/update {\"CpuShares\":100,\"NanoCpus\":500000000,"
        + "\"BlkioWeight\":500,\"CpuPeriod\":100000,\"CpuQuota\":5000,\"CpusetCpus\":\"0\",\"CpusetMems\":\"0\","
        + "\"MemoryReservation\":1048576,\"MemorySwap\":-1,\"PidsLimit\":30,"
        + "\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}}");
    daemon.requests.clear();
    // docker sends no PidsLimit for 0 ("unchanged")
    assertThat(StatsCommandTest.berth(daemon, "update", "--pids-limit", "0", "c1").exit()).isZero();
    assertThat(daemon.requests).containsExactly("POST /v1.47/containers/c1/update {}");
  }

  @Test
  void no_flag_and_bad_values_are_refused_before_any_request() {
    Run none = StatsCommandTest.berth(daemon, "update", "c1");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("you must provide one or more flags when using this command\n");
    Run bad = StatsCommandTest.berth(daemon, "update", "-m", "abc", "c1");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).isEqualTo("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\n\n"
        + "Usage:  berth update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'berth update --help' for more information\n");
    assertThat(StatsCommandTest.berth(daemon, "update", "--restart", ":3", "c1").err())
        .isEqualTo("invalid restart policy format: no policy provided before colon\n");
    assertThat(StatsCommandTest.berth(daemon, "update", "--restart", "on-failure:x", "c1").err())
        .isEqualTo("invalid restart policy format: maximum retry count must be an integer\n");
    assertThat(daemon.requests).isEmpty();
  }
}
