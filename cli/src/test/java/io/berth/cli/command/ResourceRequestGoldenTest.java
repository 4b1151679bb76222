package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.Cli;
import io.berth.cli.InvalidFlagValue;
import io.berth.cli.Main;
import io.berth.client.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Resource flags of run/create → the HostConfig fields berth sends (the values docker 28.2.2 sent
 * for the same command line), and docker's reports of bad values.
 */
class ResourceRequestGoldenTest {
  private static String hostConfig(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    String json = JsonWriter.write(cmd.request(Map.of()).toJson());
    return json.substring(json.indexOf("\"HostConfig\":"));
  }

  @Test
  void every_resource_flag_lands_in_the_host_config_as_docker_sends_it() {
    assertThat(hostConfig("-m", "10m", "--memory-swap", "-1", "--memory-reservation", "5m", "--memory-swappiness", "50",
        "--oom-kill-disable", "--shm-size", "64m", "--cpus", "1.5", "-c", "512", "--cpu-period", "100000", "--cpu-quota", "50000",
        "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--pids-limit", "20", "--blkio-weight", "300",
        "--blkio-weight-device", "/dev/sda:200", "--device-read-bps", "/dev/sda:1mb", "--device-write-bps", "/dev/sda:2m",
        "--device-read-iops", "/dev/sda:100", "--device-write-iops", "/dev/sda:200", "--device", "/dev/kmsg",
        "--device", "/dev/null:/dev/n2:r", "--device", "/dev/zero:rw", "--device-cgroup-rule", "c 1:3 rwm",
        "--ulimit", "nofile=100:200", "--ulimit", "nproc=50", "--ulimit", "nofile=1:2", "--cgroup-parent", "foo",
        "--cgroupns", "private", "--oom-score-adj", "500", "busybox"))
        .endsWith("\"PublishAllPorts\":false,\"CpuShares\":512,\"Memory\":10485760,\"NanoCpus\":1500000000,\"CgroupParent\":\"foo\","
            + "\"BlkioWeight\":300,\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":200}],"
            + "\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":1048576}],\"BlkioDeviceWriteBps\":[{\"Path\":\"/dev/sda\",\"Rate\":2097152}],"
            + "\"BlkioDeviceReadIOps\":[{\"Path\":\"/dev/sda\",\"Rate\":100}],\"BlkioDeviceWriteIOps\":[{\"Path\":\"/dev/sda\",\"Rate\":200}],"
            + "\"CpuPeriod\":100000,\"CpuQuota\":50000,\"CpusetCpus\":\"0-1\",\"CpusetMems\":\"0\","
            + "\"Devices\":[{\"PathOnHost\":\"/dev/kmsg\",\"PathInContainer\":\"/dev/kmsg\",\"CgroupPermissions\":\"rwm\"},"
            + "{\"PathOnHost\":\"/dev/null\",\"PathInContainer\":\"/dev/n2\",\"CgroupPermissions\":\"r\"},"
            + "{\"PathOnHost\":\"/dev/zero\",\"PathInContainer\":\"/dev/zero\",\"CgroupPermissions\":\"rw\"}],"
            + "\"DeviceCgroupRules\":[\"c 1:3 rwm\"],\"MemoryReservation\":5242880,\"MemorySwap\":-1,\"MemorySwappiness\":50,"
            + "\"OomKillDisable\":true,\"PidsLimit\":20,"
            + "\"Ulimits\":[{\"Name\":\"nofile\",\"Hard\":2,\"Soft\":1},{\"Name\":\"nproc\",\"Hard\":50,\"Soft\":50}],"
            + "\"CgroupnsMode\":\"private\",\"OomScoreAdj\":500,\"ShmSize\":67108864}}");
  }

  @Test
  void without_resource_flags_nothing_is_sent_and_unset_values_stay_unset() {
    assertThat(hostConfig("busybox")).doesNotContain("Memory").doesNotContain("NanoCpus").doesNotContain("Ulimits");
    // -1 is the swappiness flag's default ("unset"); an empty --cgroupns is the daemon's default
    assertThat(hostConfig("--memory-swappiness", "-1", "--cgroupns", "", "busybox")).doesNotContain("MemorySwappiness")
        .doesNotContain("CgroupnsMode");
    assertThat(hostConfig("--pids-limit", "-1", "--cpus", "0.5", "busybox")).contains("\"NanoCpus\":500000000").contains("\"PidsLimit\":-1");
  }

  @Test
  void values_docker_checks_after_parsing_are_refused_with_its_words() {
    assertThatThrownBy(() -> hostConfig("--memory-swappiness", "101", "busybox")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid value: 101. Valid memory swappiness range is 0-100");
    assertThatThrownBy(() -> hostConfig("--cgroupns", "foo", "busybox")).hasMessage("--cgroupns: invalid CGROUP mode");
    assertThatThrownBy(() -> hostConfig("--device", "/dev/a:/b:xyz", "busybox")).hasMessage("bad mode specified: xyz");
    assertThatThrownBy(() -> hostConfig("-m", "abc", "busybox")).isInstanceOf(InvalidFlagValue.class)
        .hasMessage("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'");
  }

  record Run(int exit, String out, String err) {}

  private static Run berth(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exit;
    // no daemon: every refusal here happens before the client connects
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]), Map.of("BERTH_HOST", "unix:///nonexistent/berth.sock"), Clock.systemUTC())) {
      exit = Main.run(cli, args);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void a_bad_flag_value_is_reported_as_pflag_does_with_status_125() {
    Run r = berth("run", "-m", "abc", "busybox");
    assertThat(r.exit()).isEqualTo(125);
    assertThat(r.err()).isEqualTo("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\n\n"
        + "Usage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth run --help' for more information\n");
    assertThat(berth("create", "--cpus", "abc", "busybox").err()).isEqualTo("invalid argument \"abc\" for \"--cpus\" flag: "
        + "failed to parse abc as a rational number\n\nUsage:  berth create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        + "Run 'berth create --help' for more information\n");
    assertThat(berth("container", "create", "--ulimit", "nofile=x", "busybox").err()).startsWith("invalid argument \"nofile=x\" "
        + "for \"--ulimit\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n\nUsage:  berth container create [OPTIONS]");
  }

  @Test
  void a_refused_value_is_docker_prefixed_with_the_help_hint_and_status_125() {
    Run r = berth("create", "--memory-swappiness", "101", "busybox");
    assertThat(r.exit()).isEqualTo(125);
    assertThat(r.err()).isEqualTo("berth: invalid value: 101. Valid memory swappiness range is 0-100\n\n"
        + "Run 'berth create --help' for more information\n");
    Run dev = berth("run", "--device", "/dev/a:b", "busybox");
    assertThat(dev.exit()).isEqualTo(125);
    assertThat(dev.err()).isEqualTo("berth: b is not an absolute path\n\nRun 'berth run --help' for more information\n");
  }
}
