package io.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.errors.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;

/**
 * A healthcheck as Docker's {@code Config.Healthcheck}: {@code test} is {@code ["NONE"]} (disabled),
 * {@code ["CMD", args...]}, {@code ["CMD-SHELL", command]}, or empty (inherit the image's). Durations
 * are nanoseconds, as on the wire. A zero duration or retry count means "the default" (30s interval,
 * 30s timeout, 0s start period, 5s start interval, 3 retries), as in Docker.
 */
public record HealthConfig(List<String> test, long interval, long timeout, long startPeriod,
    long startInterval, int retries) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_RETRIES = 3;

  public HealthConfig {
    test = test == null ? List.of() : List.copyOf(test);
  }

  /** {@code --no-healthcheck} or {@code HEALTHCHECK NONE}. */
  public boolean disabled() { return !test.isEmpty() && test.getFirst().equals("NONE"); }

  public Duration effectiveInterval() { return interval > 0 ? Duration.ofNanos(interval) : DEFAULT_INTERVAL; }

  public Duration effectiveTimeout() { return timeout > 0 ? Duration.ofNanos(timeout) : DEFAULT_TIMEOUT; }

  public Duration effectiveStartPeriod() { return Duration.ofNanos(Math.max(0, startPeriod)); }

  public Duration effectiveStartInterval() {
    return startInterval > 0 ? Duration.ofNanos(startInterval) : DEFAULT_START_INTERVAL;
  }

  public int effectiveRetries() { return retries > 0 ? retries : DEFAULT_RETRIES; }

  /**
   * Docker's merge of a container's healthcheck over the image's: an empty test takes the image's
   * test, and each zero field takes the image's value.
   */
  public HealthConfig over(HealthConfig image) {
    return new HealthConfig(test.isEmpty() ? image.test : test,
        interval == 0 ? image.interval : interval,
        timeout == 0 ? image.timeout : timeout,
        startPeriod == 0 ? image.startPeriod : startPeriod,
        startInterval == 0 ? image.startInterval : startInterval,
        retries == 0 ? image.retries : retries);
  }

  /**
   * Reads Docker's JSON form ({@code Test}, {@code Interval}, {@code Timeout}, {@code StartPeriod},
   * {@code StartInterval}, {@code Retries}); empty for null or missing. Negative values are refused
   * with Docker's messages.
   */
  public static Optional<HealthConfig> fromJson(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return Optional.empty();
    if (!n.isObject()) throw BerthException.invalid("invalid JSON: Healthcheck must be an object");
    var test = new ArrayList<String>();
    JsonNode t = n.path("Test");
    if (t.isArray()) t.forEach(x -> test.add(x.asText()));
    else if (t.isTextual()) test.add(t.asText());
    long interval = nanos(n, "Interval");
    long timeout = nanos(n, "Timeout");
    long startPeriod = nanos(n, "StartPeriod");
    long startInterval = nanos(n, "StartInterval");
    int retries = n.path("Retries").asInt(0);
    if (retries < 0) throw BerthException.invalid("Retries in Healthcheck cannot be negative");
    return Optional.of(new HealthConfig(test, interval, timeout, startPeriod, startInterval, retries));
  }

  private static long nanos(JsonNode n, String field) {
    long v = n.path(field).asLong(0);
    if (v != 0 && v < 1_000_000) {
      throw BerthException.invalid("%s in Healthcheck cannot be less than 1ms", field);
    }
    return v;
  }
}
