package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code State} of a container inspect; times are RFC 3339 strings ("0001-01-01T00:00:00Z" = never). */
public record ContainerState(
    String status, boolean running, boolean paused, boolean restarting,
    @JsonProperty("OOMKilled") boolean oomKilled, boolean dead, int pid, int exitCode,
    String error, String startedAt, String finishedAt) {
  public ContainerState {
    status = Zero.str(status);
    error = Zero.str(error);
    startedAt = Zero.str(startedAt);
    finishedAt = Zero.str(finishedAt);
  }

  public static ContainerState empty() {
    return new ContainerState(null, false, false, false, false, false, 0, 0, null, null, null);
  }
}
