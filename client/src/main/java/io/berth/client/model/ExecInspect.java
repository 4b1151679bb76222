package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Optional;

/** {@code GET /exec/{id}/json} (swagger {@code ExecInspectResponse}), the fields clients act on. */
public record ExecInspect(String id, boolean running, Optional<Integer> exitCode, String containerId, int pid) {
  public ExecInspect {
    id = Zero.str(id);
    exitCode = exitCode == null ? Optional.empty() : exitCode;
    containerId = Zero.str(containerId);
  }

  public static ExecInspect fromJson(JsonFields f) {
    return new ExecInspect(f.string("ID"), f.bool("Running"), f.optInt("ExitCode"), f.string("ContainerID"),
        f.integer("Pid"));
  }
}
