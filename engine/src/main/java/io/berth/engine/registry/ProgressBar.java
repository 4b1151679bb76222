package io.berth.engine.registry;

import java.util.Locale;

/**
 * The {@code progress} string of Docker's JSON messages ({@code jsonmessage.JSONProgress.String} at
 * the daemon's width): {@code [=====>      ]  1.23MB/4.56MB}, sizes in decimal units as
 * {@code go-units.HumanSize} writes them (four significant digits).
 */
final class ProgressBar {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private ProgressBar() {}

  static String render(long current, long total) {
    if (current <= 0 && total <= 0) return "";
    if (total <= 0) return String.format(Locale.ROOT, "%8s", humanSize(current));
    int pct = (int) ((double) current / total * 100) / 2;
    pct = Math.min(pct, 50);
    String bar = "[" + "=".repeat(pct) + ">" + " ".repeat(Math.max(0, 50 - pct)) + "] ";
    String numbers = current > total ? String.format(Locale.ROOT, "%8s", humanSize(current))
        : String.format(Locale.ROOT, "%8s/%s", humanSize(current), humanSize(total));
    return bar + numbers;
  }

  /** go-units HumanSize: {@code %.4g} of the size in powers of 1000, then the unit. */
  static String humanSize(double size) {
    int i = 0;
    while (size >= 1000 && i < UNITS.length - 1) {
      size /= 1000;
      i++;
    }
    return goG4(size) + UNITS[i];
  }

  /** Go's {@code %.4g}: four significant digits, trailing zeros dropped. */
  private static String goG4(double v) {
    if (v == 0) return "0";
    java.math.BigDecimal bd = new java.math.BigDecimal(v).round(new java.math.MathContext(4));
    String s = bd.stripTrailingZeros().toPlainString();
    return s;
  }
}
