package io.berth.compose;

/**
 * The one failure of compose: a file or option that cannot be loaded (the message prefixed by its
 * location when known) or an operation that failed, with Docker Compose's message text; the CLI prints
 * it as is and exits with {@link #exitCode()} (1 unless a service's exit code is passed on).
 */
public final class ComposeException extends RuntimeException {
  private final int exitCode;

  public ComposeException(String message) { this(message, 1); }

  public ComposeException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public ComposeException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = 1;
  }

  public int exitCode() { return exitCode; }
}
