package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code Healthcheck} (swagger {@code HealthConfig}): {@code test} is {@code ["NONE"]},
 * {@code ["CMD", ...]} or {@code ["CMD-SHELL", cmd]}; durations in nanoseconds, 0 = inherit/default.
 * Zero fields are not sent (Go's omitempty).
 */
public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
    int retries) {
  public Healthcheck {
    test = Zero.list(test);
  }

  public static Healthcheck fromJson(JsonFields f) {
    return new Healthcheck(f.strings("Test"), f.longValue("Interval"), f.longValue("Timeout"),
        f.longValue("StartPeriod"), f.longValue("StartInterval"), f.integer("Retries"));
  }

  public Map<String, Object> toJson() {
    Wire.Obj o = Wire.obj();
    if (!test.isEmpty()) o.put("Test", test);
    if (interval != 0) o.put("Interval", interval);
    if (timeout != 0) o.put("Timeout", timeout);
    if (startPeriod != 0) o.put("StartPeriod", startPeriod);
    if (startInterval != 0) o.put("StartInterval", startInterval);
    if (retries != 0) o.put("Retries", retries);
    return o.build();
  }
}
