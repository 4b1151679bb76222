package io.berth.cli.progress;

import io.berth.cli.format.Units;
import io.berth.client.model.JsonMessage.Progress;
import java.time.Duration;
import java.time.Instant;

/**
 * The text docker draws for a {@code progressDetail} ({@code JSONProgress.String}): a 50-column bar
 * when the terminal is wider than 110 columns, then "current/total" in decimal units (or the
 * message's own units), then the estimated time left when wider than 50 columns and the daemon sent
 * a start time.
 */
public final class ProgressBar {
  private ProgressBar() {}

  public static String render(Progress p, int width, Instant now) {
    if (p.current() <= 0 && p.total() <= 0) return "";
    if (p.total() <= 0) {
      return p.units().isEmpty() ? pad8(Units.humanSize4(p.current())) : p.current() + " " + p.units();
    }
    int percentage = (int) ((double) p.current() / (double) p.total() * 100) / 2;
    if (percentage > 50) percentage = 50;
    String bar = "";
    if (width > 110) {
      bar = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] ";
    }
    String numbers = "";
    if (!p.hideCounts()) {
      if (p.units().isEmpty()) {
        String current = Units.humanSize4(p.current());
        numbers = p.current() > p.total() ? pad8(current) : pad8(current) + "/" + Units.humanSize4(p.total());
      } else {
        numbers = p.current() > p.total() ? p.current() + " " + p.units() : p.current() + "/" + p.total() + " " + p.units();
      }
    }
    String timeLeft = "";
    if (width > 50 && p.current() > 0 && p.start() > 0 && percentage < 50) {
      long fromStartNanos = Duration.between(Instant.ofEpochSecond(p.start()), now).toNanos();
      long perEntry = fromStartNanos / p.current();
      long left = (p.total() - p.current()) * perEntry;
      timeLeft = " " + goDuration(roundToSecond(left));
    }
    return bar + numbers + timeLeft;
  }

  /** Go's {@code %8v} of a string: right-aligned in 8 columns. */
  private static String pad8(String s) {
    return s.length() >= 8 ? s : " ".repeat(8 - s.length()) + s;
  }

  /** {@code time.Duration.Round(time.Second)}: halves away from zero. */
  static long roundToSecond(long nanos) {
    long s = 1_000_000_000L;
    long r = nanos % s;
    if (nanos < 0) {
      r = -r;
      return r + r < s ? nanos + r : nanos + r - s;
    }
    return r + r < s ? nanos - r : nanos + s - r;
  }

  /** {@code time.Duration.String} for whole seconds: "0s", "42s", "1m30s", "2h0m5s". */
  static String goDuration(long nanos) {
    if (nanos == 0) return "0s";
    String sign = nanos < 0 ? "-" : "";
    long secs = Math.abs(nanos) / 1_000_000_000L;
    long h = secs / 3600;
    long m = (secs % 3600) / 60;
    long sec = secs % 60;
    if (h > 0) return sign + h + "h" + m + "m" + sec + "s";
    if (m > 0) return sign + m + "m" + sec + "s";
    return sign + sec + "s";
  }
}
