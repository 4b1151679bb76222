package io.berth.client;

/**
 * The daemon answered with a non-2xx status. {@link #getMessage()} is the daemon's
 * {@code {"message"}} text as is (the CLI prefixes "Error response from daemon: ").
 */
public final class EngineException extends RuntimeException {
  private final int status;

  public EngineException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() { return status; }

  public boolean isNotFound() { return status == 404; }

  public boolean isConflict() { return status == 409; }
}
