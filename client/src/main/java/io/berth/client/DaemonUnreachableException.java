package io.berth.client;

/**
 * No daemon answered at the endpoint (socket missing, connection refused, not an HTTP server).
 * The message names the endpoint and says how to start berthd.
 */
public final class DaemonUnreachableException extends RuntimeException {
  private final String endpoint;

  public DaemonUnreachableException(String endpoint, Throwable cause) {
    super("Cannot connect to the berth daemon at " + endpoint + ". Is berthd running? Start it with: berthd", cause);
    this.endpoint = endpoint;
  }

  /** The endpoint as the user would write it, e.g. {@code unix:///run/berth/berth.sock}. */
  public String endpoint() { return endpoint; }
}
