package io.berth.engine.runtime;

import java.util.Locale;

/**
 * The OCI runtime (or conmon) refused an operation. The message is the runtime's own, unaltered (for
 * example {@code runc create failed: unable to start container process: exec: "nope": executable file
 * not found in $PATH}), because users recognise it and Docker shows it verbatim.
 *
 * <p>{@link #exitCode()} is the exit code Docker gives a container whose start failed this way:
 * 127 when the command was not found, 126 when it could not be invoked, 125 for everything else.
 */
public final class RuntimeFailure extends RuntimeException {
  private final int exitCode;

  public RuntimeFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public RuntimeFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    if (exitCode < 0 || exitCode > 255) throw new IllegalArgumentException("exit code out of range: " + exitCode);
    this.exitCode = exitCode;
  }

  /** A failure whose exit code is derived from the runtime's message by Docker's rules. */
  public static RuntimeFailure of(String runtimeMessage) {
    return new RuntimeFailure(exitCodeHint(runtimeMessage), runtimeMessage);
  }

  /** Docker's exit code for a failed container start: 127, 126 or 125. */
  public int exitCode() { return exitCode; }

  /**
   * Docker's rules (moby {@code translateContainerdStartErr}): "not found"-like messages mean the
   * command does not exist (127); EACCES means it exists but cannot be executed (126). Go 1.20+
   * reports executing a directory as EISDIR where older runtimes said EACCES: both are 126.
   */
  public static int exitCodeHint(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    int code = 125;
    if (m.contains("executable file not found") || m.contains("no such file or directory")
        || m.contains("system cannot find the file specified")) {
      code = 127;
    }
    if (m.contains("permission denied") || m.contains("is a directory")) code = 126;
    return code;
  }
}
