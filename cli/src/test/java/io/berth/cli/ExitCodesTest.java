package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void run_errors_map_by_message_like_docker() {
    assertThat(ExitCodes.forRunError("exec: \"nope\": executable file not found in $PATH: unknown")).isEqualTo(127);
    assertThat(ExitCodes.forRunError("exec /bin/x: no such file or directory")).isEqualTo(127);
    assertThat(ExitCodes.forRunError("exec /etc/passwd: permission denied")).isEqualTo(126);
    assertThat(ExitCodes.forRunError("conflict: name in use")).isEqualTo(125);
  }

  private record Result(int code, String out, String err) {}

  private static Result berth(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]), Map.of("BERTH_HOST", "unix:///nonexistent/berth-test.sock"), Clock.systemUTC());
    int code = Main.run(cli, args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void no_daemon_is_exit_1_with_a_message_naming_the_socket() {
    Result r = berth("ps");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot connect to the berth daemon at unix:///nonexistent/berth-test.sock. Is berthd running? Start it with: berthd");
  }

  @Test
  void version_prints_the_client_block_even_without_a_daemon() {
    Result r = berth("version");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("Client:\n Version:           ").contains(" API version:       1.47\n");
    assertThat(r.err()).contains("Cannot connect to the berth daemon");
  }

  @Test
  void run_without_a_daemon_is_125_like_docker() {
    assertThat(berth("run", "busybox", "true").code()).isEqualTo(125);
  }

  @Test
  void unknown_flags_are_125_and_unknown_commands_1() {
    Result flag = berth("ps", "--bogus");
    assertThat(flag.code()).isEqualTo(125);
    assertThat(flag.err()).startsWith("unknown flag: --bogus\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information");
    Result cmd = berth("frob");
    assertThat(cmd.code()).isEqualTo(1);
    assertThat(cmd.err()).startsWith("berth: unknown command: berth frob");
  }

  @Test
  void missing_arguments_are_exit_1() {
    assertThat(berth("stop").code()).isEqualTo(1);
  }

  @Test
  void help_and_version_need_no_daemon() {
    Result help = berth("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage:  berth [OPTIONS] COMMAND").contains("  ps          List containers");
    assertThat(berth("run", "--help").out()).contains("Usage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]");
    assertThat(berth("-v").out()).startsWith("berth version ");
  }
}
