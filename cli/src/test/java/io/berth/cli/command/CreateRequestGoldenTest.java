package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.ApiJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Command line → the JSON berth sends (golden: the fields docker sends for the same options). */
class CreateRequestGoldenTest {
  private static String requestJson(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    return ApiJson.string(cmd.request(Map.of("FROM_HOST", "h")));
  }

  private static String runJson(boolean detach, String... args) {
    var cmd = new RunCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    return ApiJson.string(cmd.options.toRequest(cmd.image, cmd.args, detach, Map.of()));
  }

  @Test
  void full_option_set_maps_to_the_create_body() {
    String json = requestJson("--name", "web", "-e", "A=1", "-e", "FROM_HOST", "-e", "UNSET", "-w", "/srv", "-u", "1000:1000",
        "-h", "box", "--entrypoint", "/bin/sh", "-l", "k=v", "-l", "flag", "-i", "-t", "--rm", "busybox", "-c", "echo hi");
    assertThat(json).isEqualTo("{\"Hostname\":\"box\",\"Domainname\":\"\",\"User\":\"1000:1000\",\"AttachStdin\":true,"
        + "\"AttachStdout\":true,\"AttachStderr\":true,\"ExposedPorts\":{},\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":true,"
        + "\"Env\":[\"A=1\",\"FROM_HOST=h\"],\"Cmd\":[\"-c\",\"echo hi\"],\"Image\":\"busybox\",\"Volumes\":{},\"WorkingDir\":\"/srv\","
        + "\"Entrypoint\":[\"/bin/sh\"],\"Labels\":{\"flag\":\"\",\"k\":\"v\"},"
        + "\"HostConfig\":{\"Binds\":[],\"NetworkMode\":\"default\",\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0},"
        + "\"AutoRemove\":true,\"Privileged\":false,\"ReadonlyRootfs\":false,\"Dns\":[],\"ExtraHosts\":[],"
        + "\"PortBindings\":{},\"PublishAllPorts\":false}}");
  }

  @Test
  void detached_run_attaches_nothing_and_foreground_run_attaches_outputs() {
    assertThat(runJson(true, "-d", "busybox", "sleep", "1")).contains("\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false");
    assertThat(runJson(false, "busybox", "true")).contains("\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true")
        .contains("\"OpenStdin\":false,\"StdinOnce\":false");
  }

  @Test
  void attach_option_selects_streams_and_options_after_the_image_belong_to_the_command() {
    String json = runJson(false, "-a", "stderr", "busybox", "ls", "-l", "--rm");
    assertThat(json).contains("\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":true").contains("\"Cmd\":[\"ls\",\"-l\",\"--rm\"]")
        .contains("\"AutoRemove\":false");
  }

  @Test
  void env_file_lines_are_read_with_comments_skipped(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("env");
    Files.writeString(f, "# comment\n\nX=1\nFROM_HOST\n");
    assertThat(requestJson("--env-file", f.toString(), "-e", "Y=2", "busybox")).contains("\"Env\":[\"X=1\",\"FROM_HOST=h\",\"Y=2\"]");
  }

  @Test
  void stop_timeout_and_signal_are_sent_only_when_given() {
    assertThat(requestJson("busybox")).doesNotContain("StopTimeout").doesNotContain("StopSignal");
    assertThat(requestJson("--stop-timeout", "3", "--stop-signal", "SIGINT", "busybox")).contains("\"StopSignal\":\"SIGINT\",\"StopTimeout\":3");
  }

  @Test
  void security_flags_map_to_the_host_config(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("profile.json");
    Files.writeString(profile, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": []\n}\n");
    String json = requestJson("--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "--security-opt", "seccomp=" + profile, "--group-add", "wheel", "--sysctl", "net.ipv4.ip_forward=1", "--init",
        "--privileged", "--read-only", "busybox");
    assertThat(json).contains("\"Privileged\":true,\"ReadonlyRootfs\":true")
        .contains("\"Init\":true,").contains("\"PublishAllPorts\":false,\"CapAdd\":[\"NET_ADMIN\"],\"CapDrop\":[\"ALL\"],"
            + "\"SecurityOpt\":[\"no-new-privileges\",\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_ALLOW\\\",\\\"syscalls\\\":[]}\"],"
            + "\"GroupAdd\":[\"wheel\"],\"Sysctls\":{\"net.ipv4.ip_forward\":\"1\"}");
    assertThat(requestJson("--security-opt", "seccomp=unconfined", "busybox")).contains("\"SecurityOpt\":[\"seccomp=unconfined\"]");
    assertThat(requestJson("busybox")).doesNotContain("CapAdd").doesNotContain("SecurityOpt").doesNotContain("Sysctls");
  }

  @Test
  void security_flags_are_checked_as_the_docker_cli_does() {
    assertThatThrownBy(() -> requestJson("--sysctl", "kernel.hostname=x", "busybox"))
        .hasMessage("invalid argument \"kernel.hostname=x\" for \"--sysctl\" flag: sysctl 'kernel.hostname=x' is not allowed");
    assertThatThrownBy(() -> requestJson("--security-opt", "foo", "busybox")).hasMessage("Invalid --security-opt: \"foo\"");
    assertThatThrownBy(() -> requestJson("--security-opt", "seccomp=/no/such.json", "busybox"))
        .hasMessage("opening seccomp profile (/no/such.json) failed: open /no/such.json: no such file or directory");
  }

  @Test
  void publish_options_expose_and_bind_ports_as_docker_sends_them() {
    String json = requestJson("-p", "8080:80", "-p", "127.0.0.1::53/udp", "-p", "9000", "--expose", "7000-7001", "-P",
        "busybox");
    assertThat(json).contains("\"ExposedPorts\":{\"53/udp\":{},\"7000/tcp\":{},\"7001/tcp\":{},\"80/tcp\":{},\"9000/tcp\":{}}")
        .contains("\"PortBindings\":{\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}],"
            + "\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}],\"9000/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]},"
            + "\"PublishAllPorts\":true");
  }

  @Test
  void port_ranges_and_the_long_form_follow_docker() {
    assertThat(requestJson("-p", "8000-8001:80-81", "busybox"))
        .contains("\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8000\"}],\"81/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8001\"}]");
    assertThat(requestJson("-p", "8000-8010:80", "busybox")).contains("\"HostPort\":\"8000-8010\"");
    assertThat(requestJson("-p", "published=8080,target=80", "busybox")).contains("\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]");
    assertThat(requestJson("-p", "[::1]:8080:80", "busybox")).contains("\"HostIp\":\"::1\"");
    assertThatThrownBy(() -> requestJson("-p", "8000-8002:80-81", "busybox"))
        .hasMessage("invalid ranges specified for container and host Ports: 80-81 and 8000-8002");
    assertThatThrownBy(() -> requestJson("-p", "x:80", "busybox")).hasMessage("invalid hostPort: x");
    assertThatThrownBy(() -> requestJson("-p", "80/icmp", "busybox")).hasMessage("invalid proto: icmp");
    assertThatThrownBy(() -> requestJson("-p", "1.2.3:80:80", "busybox")).hasMessage("invalid IP address: 1.2.3");
  }

  @Test
  void relative_bind_sources_starting_with_a_dot_become_absolute() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(requestJson("-v", "./data:/data:ro", "-v", "/abs:/abs", "busybox"))
        .contains("\"Binds\":[\"" + cwd + "/data:/data:ro\",\"/abs:/abs\"]");
  }

  @Test
  void port_lines_sort_naturally() {
    var lines = new java.util.ArrayList<>(java.util.List.of("9000/tcp -> 0.0.0.0:1", "80/tcp -> 0.0.0.0:32769",
        "80/tcp -> 0.0.0.0:32768", "443/tcp -> 0.0.0.0:2"));
    lines.sort(PortCommand.NATURAL);
    assertThat(lines).containsExactly("80/tcp -> 0.0.0.0:32768", "80/tcp -> 0.0.0.0:32769", "443/tcp -> 0.0.0.0:2",
        "9000/tcp -> 0.0.0.0:1");
  }

  @Test
  void bad_attach_stream_is_rejected() {
    assertThatThrownBy(() -> runJson(false, "-a", "stdfoo", "busybox")).hasMessageContaining("valid streams are STDIN, STDOUT and STDERR");
  }

  @Test
  void ps_options_map_to_the_list_query() {
    var ps = new PsCommand();
    new CommandLine(ps).parseArgs("-a", "-f", "name=rsx-", "-f", "label=a=b", "-l");
    var o = ps.listOptions();
    assertThat(o.all()).isTrue();
    assertThat(o.limit()).isEqualTo(1);
    assertThat(o.filters()).containsEntry("name", java.util.List.of("rsx-")).containsEntry("label", java.util.List.of("a=b"));
  }

  @Test
  void logs_since_accepts_durations_dates_and_timestamps() {
    var logs = new LogsCommand();
    new CommandLine(logs).parseArgs("--since", "10m", "--until", "1700000000", "-n", "5", "x");
    var o = logs.logsOptions(Instant.ofEpochSecond(1_700_000_600L));
    assertThat(o.since()).contains("1700000000.000000000");
    assertThat(o.until()).contains("1700000000");
    assertThat(o.tail()).isEqualTo("5");
    assertThat(TimeArgs.timestamp("2023-11-14T22:13:20Z", Instant.EPOCH)).isEqualTo("1700000000.000000000");
  }
}
