package io.berth.client.model;

import io.berth.client.json.JsonFields;
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

  public static ContainerInspect fromJson(JsonFields f) {
    return new ContainerInspect(f.string("Id"), f.string("Created"), f.string("Path"), f.strings("Args"),
        ContainerState.fromJson(f.object("State")), f.string("Image"), f.string("Name"), f.integer("RestartCount"),
        f.string("Driver"), f.string("LogPath"), ContainerConfig.fromJson(f.object("Config")),
        HostConfig.fromJson(f.object("HostConfig")));
  }
}
