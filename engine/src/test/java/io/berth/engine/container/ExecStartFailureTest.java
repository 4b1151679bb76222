package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

/** moby's setExitCodeFromError for execs, over runc's messages. */
class ExecStartFailureTest {
  @Test
  void missing_command_is_127_with_containerds_wording() {
    var f = ExecService.ExecStartFailure.of("exec failed: unable to start container process: exec: \"nope\": "
        + "executable file not found in $PATH");
    assertThat(f.exitCode()).isEqualTo(127);
    assertThat(f.getMessage()).isEqualTo("OCI runtime exec failed: exec failed: unable to start container process: "
        + "exec: \"nope\": executable file not found in $PATH: unknown");
    assertThat(f.asApiError()).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void permission_denied_and_directories_are_126() {
    assertThat(ExecService.ExecStartFailure.of("exec: \"/etc\": permission denied").exitCode()).isEqualTo(126);
    var dir = ExecService.ExecStartFailure.of("exec: \"/etc\": is a directory");
    assertThat(dir.exitCode()).isEqualTo(126);
    assertThat(dir.getMessage()).endsWith(": is a directory: unknown: permission denied");
  }

  @Test
  void anything_else_is_128_and_a_500() {
    var f = ExecService.ExecStartFailure.of("cannot exec in a stopped container");
    assertThat(f.exitCode()).isEqualTo(128);
    assertThat(f.asApiError()).isInstanceOf(BerthException.Internal.class);
  }
}
