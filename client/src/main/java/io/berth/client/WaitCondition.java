package io.berth.client;

/** The {@code condition} of {@code POST /containers/{id}/wait}. */
public enum WaitCondition {
  /** Returns at once if the container is not running (the daemon's default). */
  NOT_RUNNING("not-running"),
  /** Waits for the next exit even if the container is not started yet (docker run). */
  NEXT_EXIT("next-exit"),
  /** Waits until the container is removed (docker run --rm). */
  REMOVED("removed");

  private final String wire;

  WaitCondition(String wire) { this.wire = wire; }

  public String wire() { return wire; }
}
