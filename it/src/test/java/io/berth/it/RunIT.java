package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code berth run}: output, exit codes, and the docker-compatible 125/126/127 failures. */
class RunIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void run_rm_prints_the_containers_output() {
    var r = berth.berth("run", "--rm", "busybox", "echo", "hello");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hello\n");
  }

  @Test
  void stdout_and_stderr_stay_separate() {
    var r = berth.berth("run", "--rm", "busybox", "sh", "-c", "echo to-out; echo to-err >&2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("to-out\n");
    assertThat(r.stderr()).contains("to-err").doesNotContain("to-out");
  }

  @Test
  void exit_code_of_the_container_is_the_exit_code_of_run() {
    var r = berth.berth("run", "--rm", "busybox", "sh", "-c", "exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
  }

  @Test
  void image_default_cmd_runs_when_no_command_is_given() {
    // Cmd is ["sh"]; stdin is at EOF, so the shell exits 0 at once.
    var r = berth.berth("run", "--rm", "busybox");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void missing_command_exits_127_with_the_runtimes_message() {
    var r = berth.berth("run", "--rm", "busybox", "no-such-command");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
    assertThat(r.stderr()).contains("no-such-command").contains("executable file not found in $PATH");
  }

  @Test
  void non_executable_file_exits_126() {
    var r = berth.berth("run", "--rm", "busybox", "/etc/passwd");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
    assertThat(r.stderr()).containsIgnoringCase("permission denied");
  }

  /** As docker: a missing image is pulled first; here docker.io is unreachable, so the pull's error ends it (125). */
  @Test
  void unknown_image_is_pulled_first_and_the_pull_error_exits_125() {
    var r = berth.berth("run", "--rm", "no-such-image:1", "true");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
    assertThat(r.stderr()).startsWith("Unable to find image 'no-such-image:1' locally\n")
        .contains("Error response from daemon: "); // unreachable docker.io here; "pull access denied" with a network
    var never = berth.berth("run", "--rm", "--pull", "never", "no-such-image:1", "true");
    assertThat(never.exitCode()).as(never.toString()).isEqualTo(125);
    assertThat(never.stderr()).contains("No such image").contains("no-such-image");
  }

  @Test
  void unknown_image_leaves_no_container_behind() {
    berth.berth("run", "--name", "never-created", "no-such-image:1", "true");
    var ps = berth.berth("ps", "-a");
    assertThat(ps.exitCode()).as(ps.toString()).isZero();
    assertThat(ps.stdout()).doesNotContain("never-created");
  }
}
