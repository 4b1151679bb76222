package io.berth.engine.api;

import io.berth.oci.errors.BerthException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's {@code timetypes.GetTimestamp} as the daemon applies it to filter values such as
 * prune's {@code until}: a Go duration counts back from now ({@code 24h}, {@code 1h30m}), RFC 3339
 * times with or without zone and plain dates are read (local time when no zone), and Unix
 * timestamps ({@code 1700000000}, {@code 1700000000.5}) pass through.
 */
final class Timestamps {
  private static final Pattern DURATION = Pattern.compile("[-+]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("((?:\\d+(?:\\.\\d*)?|\\.\\d+))(ns|us|µs|ms|s|m|h)");
  private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d{1,9})?");

  private Timestamps() {}

  static Instant parse(String value, Instant now) {
    if (!value.equals("0") && DURATION.matcher(value).matches()) return now.minus(duration(value));
    try {
      if (value.contains("T") || value.contains("-")) return dateTime(value);
    } catch (DateTimeParseException e) {
      if (value.contains("-")) throw BerthException.invalid("parsing time \"%s\": %s", value, e.getMessage());
    }
    if (UNIX.matcher(value).matches()) {
      BigDecimal d = new BigDecimal(value);
      long secs = d.longValue();
      return Instant.ofEpochSecond(secs, d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue());
    }
    throw BerthException.invalid("failed to parse value as time or duration: \"%s\"", value);
  }

  private static Instant dateTime(String v) {
    boolean zoned = v.matches(".*[zZ+].*") || v.chars().filter(c -> c == '-').count() == 3;
    if (zoned) {
      String t = v.matches(".*T\\d\\d[Zz+-].*") ? v.replaceFirst("T(\\d\\d)", "T$1:00:00")
          : v.matches(".*T\\d\\d:\\d\\d[Zz+-].*") ? v.replaceFirst("T(\\d\\d:\\d\\d)", "T$1:00") : v;
      if (!t.contains("T")) t = t.substring(0, 10) + "T00:00:00" + t.substring(10);
      return OffsetDateTime.parse(t.replace('z', 'Z'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
    ZoneId zone = ZoneId.systemDefault();
    if (!v.contains("T")) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
    String t = v.matches(".*T\\d\\d") ? v + ":00" : v;
    return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
  }

  /** Go's time.ParseDuration for the units docker users write. */
  static Duration duration(String v) {
    boolean negative = v.startsWith("-");
    Matcher m = PART.matcher(v);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
      long unit = switch (m.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        case "ms" -> 1_000_000L;
        case "us", "µs" -> 1_000L;
        default -> 1L;
      };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }
}
