package io.berth.cli.command;

import io.berth.client.model.Healthcheck;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * docker's {@code --health-*} and {@code --no-healthcheck} flags → the create request's
 * {@code Healthcheck} (docker CLI {@code opts.go}): {@code --no-healthcheck} is {@code ["NONE"]} and
 * conflicts with the others; {@code --health-cmd} becomes {@code ["CMD-SHELL", cmd]}; durations are
 * Go durations ({@code 200ms}, {@code 1m30s}) sent in nanoseconds; nothing set means no healthcheck
 * in the request (the image's applies).
 */
final class HealthOptions {
  private static final Pattern GO_DURATION = Pattern.compile("[-+]?(?:(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|ns))+|[-+]?0");

  private HealthOptions() {}

  static Optional<Healthcheck> healthcheck(String cmd, String interval, String timeout, Integer retries,
      String startPeriod, String startInterval, boolean none) {
    long i = nanos("health-interval", interval);
    long t = nanos("health-timeout", timeout);
    long sp = nanos("health-start-period", startPeriod);
    long si = nanos("health-start-interval", startInterval);
    int r = retries == null ? 0 : retries;
    boolean any = (cmd != null && !cmd.isEmpty()) || i != 0 || t != 0 || sp != 0 || si != 0 || r != 0;
    if (none) {
      if (any) throw new IllegalArgumentException("--no-healthcheck conflicts with --health-* options");
      return Optional.of(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0));
    }
    if (!any) return Optional.empty();
    if (i < 0) throw new IllegalArgumentException("--health-interval cannot be negative");
    if (t < 0) throw new IllegalArgumentException("--health-timeout cannot be negative");
    if (r < 0) throw new IllegalArgumentException("--health-retries cannot be negative");
    if (sp < 0) throw new IllegalArgumentException("--health-start-period cannot be negative");
    if (si < 0) throw new IllegalArgumentException("--health-start-interval cannot be negative");
    List<String> test = cmd == null || cmd.isEmpty() ? List.of() : List.of("CMD-SHELL", cmd);
    return Optional.of(new Healthcheck(test, i, t, sp, si, r));
  }

  /** Go's {@code time.ParseDuration}, with the docker CLI's flag error. */
  static long nanos(String flag, String value) {
    if (value == null) return 0;
    if (!GO_DURATION.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"--" + flag
          + "\" flag: time: invalid duration \"" + value + "\"");
    }
    String v = value.startsWith("+") ? value.substring(1) : value;
    boolean negative = v.startsWith("-");
    long n = TimeArgs.parseDuration(negative ? v.substring(1) : v).toNanos();
    return negative ? -n : n;
  }
}
