package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;

/** {@code HostConfig.LogConfig}: the log driver ({@code --log-driver}) and its options ({@code --log-opt}). */
public record LogConfig(String type, Map<String, String> config) {
  public LogConfig {
    type = Zero.str(type);
    config = Zero.map(config);
  }

  public static LogConfig fromJson(JsonFields f) {
    return new LogConfig(f.string("Type"), f.stringMap("Config"));
  }

  public Map<String, Object> toJson() {
    return Wire.obj().put("Type", type).putSorted("Config", config).build();
  }
}
