package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;

/** {@code HostConfig.RestartPolicy}: name is "", "no", "always", "unless-stopped" or "on-failure". */
public record RestartPolicy(String name, int maximumRetryCount) {
  public RestartPolicy {
    name = Zero.str(name);
  }

  public static RestartPolicy fromJson(JsonFields f) {
    return new RestartPolicy(f.string("Name"), f.integer("MaximumRetryCount"));
  }

  public Map<String, Object> toJson() {
    return Wire.obj().put("Name", name).put("MaximumRetryCount", maximumRetryCount).build();
  }
}
