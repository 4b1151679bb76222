package io.berth.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's {@code timetypes.GetTimestamp} for {@code --since/--until}: a Go duration ("10m", "1h30m")
 * counts back from now, RFC 3339 dates and plain dates are converted, Unix timestamps pass through.
 * The result is the daemon's "seconds.nanoseconds" form.
 */
final class TimeArgs {
  private static final Pattern DURATION = Pattern.compile("(?:(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");
  private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

  private TimeArgs() {}

  static String timestamp(String value, Instant now) {
    if (UNIX.matcher(value).matches()) return value;
    if (DURATION.matcher(value).matches()) return format(now.minus(parseDuration(value)));
    try {
      return format(OffsetDateTime.parse(value).toInstant());
    } catch (Exception ignored) {
      // not RFC 3339 with offset
    }
    try {
      return format(LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant());
    } catch (Exception ignored) {
      // not a local date-time
    }
    try {
      return format(LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid value for \"since\": failed to parse value as time or duration: \"" + value + "\"");
    }
  }

  static Duration parseDuration(String value) {
    Matcher m = PART.matcher(value);
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "h" -> 3.6e12;
        case "m" -> 6e10;
        case "s" -> 1e9;
        case "ms" -> 1e6;
        case "us", "µs" -> 1e3;
        default -> 1;
      };
    }
    return Duration.ofNanos((long) nanos);
  }

  static String format(Instant t) {
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }
}
