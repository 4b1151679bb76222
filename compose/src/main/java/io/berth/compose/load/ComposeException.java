package io.berth.compose.load;

/** A compose file or option that cannot be loaded; the message is docker compose's, prefixed by the location when known. */
public final class ComposeException extends RuntimeException {
  public ComposeException(String message) {
    super(message);
  }

  public ComposeException(String message, Throwable cause) {
    super(message, cause);
  }
}
