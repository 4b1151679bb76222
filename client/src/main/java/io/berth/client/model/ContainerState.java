package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;

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

  public static ContainerState fromJson(JsonFields f) {
    return new ContainerState(f.string("Status"), f.bool("Running"), f.bool("Paused"), f.bool("Restarting"),
        f.bool("OOMKilled"), f.bool("Dead"), f.integer("Pid"), f.integer("ExitCode"), f.string("Error"),
        f.string("StartedAt"), f.string("FinishedAt"));
  }
}
