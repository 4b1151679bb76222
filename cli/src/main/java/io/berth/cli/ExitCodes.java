package io.berth.cli;

/**
 * docker's exit statuses: 125 when the daemon refuses to run a container, 126 when the command
 * cannot be invoked, 127 when it cannot be found (decided from the daemon's message, exactly as the
 * docker CLI does), 1 for other failures.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int RUN_FAILED = 125;
  public static final int NOT_EXECUTABLE = 126;
  public static final int NOT_FOUND = 127;

  private ExitCodes() {}

  /** docker's {@code toStatusError}: the status for a failed create/start of {@code run}. */
  public static int forRunError(String message) {
    if (message.contains("executable file not found") || message.contains("no such file or directory")
        || message.contains("system cannot find the file specified")) return NOT_FOUND;
    if (message.contains("permission denied") || message.contains("is a directory")) return NOT_EXECUTABLE;
    return RUN_FAILED;
  }
}
