package io.berth.cli.progress;

/**
 * An {@code errorDetail} in a progress stream: the operation failed after the daemon had answered
 * 200. The docker CLI prints the message alone (no "Error response from daemon:") and exits 1.
 */
public final class StreamError extends RuntimeException {
  private final int code;

  public StreamError(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() { return code; }
}
