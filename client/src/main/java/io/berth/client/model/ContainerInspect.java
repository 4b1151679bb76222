package io.berth.client.model;

import java.util.List;

/** {@code GET /containers/{id}/json} (swagger {@code ContainerInspectResponse}), the fields berth uses. */
public record ContainerInspect(
    String id, String created, String path, List<String> args, ContainerState state,
    String image, String name, int restartCount, String driver, String logPath,
    ContainerConfig config, HostConfig hostConfig) {
  public ContainerInspect {
    id = Zero.str(id);
    created = Zero.str(created);
    path = Zero.str(path);
    args = Zero.list(args);
    state = state == null ? ContainerState.empty() : state;
    image = Zero.str(image);
    name = Zero.str(name);
    driver = Zero.str(driver);
    logPath = Zero.str(logPath);
    config = config == null ? ContainerConfig.empty() : config;
    hostConfig = hostConfig == null ? HostConfig.empty() : hostConfig;
  }
}
