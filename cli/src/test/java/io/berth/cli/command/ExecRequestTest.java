package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.ApiVersion;
import io.berth.client.json.JsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Command lines → the JSON berth sends for exec and for the health flags (what the docker CLI sends). */
class ExecRequestTest {
  private static String execJson(String... args) {
    var cmd = new ExecCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    return JsonWriter.write(cmd.options(Map.of("FROM_HOST", "h")).toJson(new ApiVersion(1, 47)));
  }

  private static String createJson(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    return JsonWriter.write(cmd.request(Map.of()).toJson()); // what EngineClient sends
  }

  @Test
  void exec_flags_map_to_the_exec_config_and_the_command_keeps_its_options(@TempDir Path dir) throws Exception {
    Path envFile = dir.resolve("env");
    Files.writeString(envFile, "# c\nX=1\n");
    String json = execJson("-i", "-u", "nobody:nogroup", "-w", "/tmp", "-e", "A=1", "-e", "FROM_HOST", "--env-file",
        envFile.toString(), "--privileged", "--detach-keys", "ctrl-a,q", "web", "ls", "-l", "-e");
    assertThat(json).isEqualTo("{\"User\":\"nobody:nogroup\",\"Privileged\":true,\"Tty\":false,\"AttachStdin\":true,"
        + "\"AttachStderr\":true,\"AttachStdout\":true,\"DetachKeys\":\"ctrl-a,q\",\"Env\":[\"X=1\",\"A=1\",\"FROM_HOST=h\"],"
        + "\"WorkingDir\":\"/tmp\",\"Cmd\":[\"ls\",\"-l\",\"-e\"]}");
  }

  @Test
  void detached_exec_attaches_nothing() {
    assertThat(execJson("-d", "web", "sleep", "1")).contains("\"AttachStdin\":false,\"AttachStderr\":false,\"AttachStdout\":false");
  }

  @Test
  void health_flags_become_the_healthcheck_after_cmd() {
    String json = createJson("--health-cmd", "wget -q localhost", "--health-interval", "200ms", "--health-timeout", "1m30s",
        "--health-retries", "2", "--health-start-period", "1.5s", "--health-start-interval", "5ms", "busybox");
    assertThat(json).contains("\"Cmd\":[],\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"wget -q localhost\"],"
        + "\"Interval\":200000000,\"Timeout\":90000000000,\"StartPeriod\":1500000000,\"StartInterval\":5000000,"
        + "\"Retries\":2},\"Image\":\"busybox\"");
    assertThat(createJson("--health-interval", "1s", "busybox")).contains("\"Healthcheck\":{\"Interval\":1000000000}");
    assertThat(createJson("busybox")).doesNotContain("Healthcheck");
  }

  @Test
  void no_healthcheck_is_none_and_conflicts_with_health_flags() {
    assertThat(createJson("--no-healthcheck", "busybox")).contains("\"Healthcheck\":{\"Test\":[\"NONE\"]}");
    assertThatThrownBy(() -> createJson("--no-healthcheck", "--health-cmd", "true", "busybox"))
        .hasMessageContaining("--no-healthcheck conflicts with --health-* options");
    assertThatThrownBy(() -> createJson("--health-interval", "soon", "busybox"))
        .hasMessage("invalid argument \"soon\" for \"--health-interval\" flag: time: invalid duration \"soon\"");
    assertThatThrownBy(() -> createJson("--health-timeout", "-1s", "busybox"))
        .hasMessage("--health-timeout cannot be negative");
  }
}
