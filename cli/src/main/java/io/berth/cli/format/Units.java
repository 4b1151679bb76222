package io.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** The docker CLI's text helpers (go-units, stringid, strconv), reimplemented with docker's exact wording. */
public final class Units {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private Units() {}

  /** go-units {@code HumanDuration}: "Less than a second", "About a minute", "3 hours", "2 weeks". */
  public static String humanDuration(Duration d) {
    return io.berth.oci.HumanDuration.of(d);
  }

  /** go-units {@code HumanSizeWithPrecision(size, 3)}: decimal units, Go's {@code %.3g}: "4.26MB", "1e+03kB". */
  public static String humanSize(double size) {
    int i = 0;
    while (size >= 1000.0 && i < DECIMAL.length - 1) {
      size /= 1000.0;
      i++;
    }
    return formatG(size, 3) + DECIMAL[i];
  }

  /** go-units {@code HumanSize}: decimal units with 4 significant digits. */
  public static String humanSize4(double size) {
    int i = 0;
    while (size >= 1000.0 && i < DECIMAL.length - 1) {
      size /= 1000.0;
      i++;
    }
    return formatG(size, 4) + DECIMAL[i];
  }

  /** go-units {@code BytesSize}: binary units with 4 significant digits, e.g. "7.763GiB". */
  public static String bytesSize(double size) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    int i = 0;
    while (size >= 1024.0 && i < units.length - 1) {
      size /= 1024.0;
      i++;
    }
    return formatG(size, 4) + units[i];
  }

  /** Go's {@code %.<precision>g} for finite values: shortest form, exponent when it is &lt; -4 or &gt;= precision. */
  public static String formatG(double value, int precision) {
    if (value == 0) return "0";
    BigDecimal bd = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= precision) {
      String digits = bd.unscaledValue().abs().toString().replaceFirst("0+$", "");
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      String sign = bd.signum() < 0 ? "-" : "";
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return bd.stripTrailingZeros().toPlainString();
  }

  /** docker's {@code formatter.Ellipsis}: at most {@code max} characters, the last one "…" when cut. */
  public static String ellipsis(String s, int max) {
    if (max <= 0) return "";
    int n = s.codePointCount(0, s.length());
    if (max == 1) return n == 0 ? "" : new String(Character.toChars(s.codePointAt(0)));
    if (n <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** Go's {@code strconv.Quote}: double quotes, Go escapes, printable Unicode kept as is. */
  public static String goQuote(String s) {
    var sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 11 -> sb.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", c));
          else if (isPrintable(c)) sb.appendCodePoint(c);
          else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
          else sb.append(String.format("\\U%08x", c));
        }
      }
    });
    return sb.append('"').toString();
  }

  private static boolean isPrintable(int c) {
    if (c < 0x80) return c >= 0x20 && c < 0x7f;
    int type = Character.getType(c);
    return !(type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
        || type == Character.SURROGATE || type == Character.PRIVATE_USE
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || (type == Character.SPACE_SEPARATOR && c != 0x20));
  }

  /** docker's {@code stringid.TruncateID}: drop an algorithm prefix, keep 12 characters. */
  public static String truncateId(String id) {
    int colon = id.indexOf(':');
    String hex = colon >= 0 ? id.substring(colon + 1) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
