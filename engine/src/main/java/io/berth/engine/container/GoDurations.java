package io.berth.engine.container;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.Duration.String()} ("30s", "1m30s", "1.5s", "200ms", "1h0m0s"), for Docker's messages. */
final class GoDurations {
  private GoDurations() {}

  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) return "0s";
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000L) return sign + n + "ns";
    if (n < 1_000_000L) return sign + decimal(n, 3) + "µs";
    if (n < 1_000_000_000L) return sign + decimal(n, 6) + "ms";
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    long secNanos = n % 60_000_000_000L;
    StringBuilder sb = new StringBuilder(sign);
    if (hours > 0) sb.append(hours).append('h');
    if (hours > 0 || minutes > 0) sb.append(minutes).append('m');
    return sb.append(decimal(secNanos, 9)).append('s').toString();
  }

  /** {@code value / 10^scale} without trailing zeros ("1.5", "2"). */
  private static String decimal(long value, int scale) {
    BigDecimal b = BigDecimal.valueOf(value, scale).stripTrailingZeros();
    return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
  }
}
