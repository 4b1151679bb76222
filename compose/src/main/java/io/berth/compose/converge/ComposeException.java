package io.berth.compose.converge;

/** A failure of a compose operation, with Docker Compose's message text (printed as is, exit status 1). */
public final class ComposeException extends RuntimeException {
  private final int exitCode;

  public ComposeException(String message) { this(message, 1); }

  public ComposeException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() { return exitCode; }
}
