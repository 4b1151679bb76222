package io.berth.registry.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and formatting for {@link Pages}. Every string from the registry goes through {@link #text}. */
public final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private Html() {}

  /**
   * {@code s} safe in element content and in double- or single-quoted attribute values: the five
   * markup characters become entities, and control characters (which HTML forbids and a terminal
   * paste would carry) become U+FFFD, except tab and newline.
   */
  public static String text(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) out.append('\uFFFD');
          else out.append(c);
        }
      }
    }
    return out.toString();
  }

  /**
   * A path segment (or several, keeping {@code /}) percent-encoded for an href: everything but
   * unreserved characters is encoded, so a value can neither end the attribute nor change the URL's
   * scheme or authority. The result is still passed through {@link #text} where it is written.
   */
  public static String path(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~' || c == '/' || c == ':') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * Bytes as docker prints sizes (go-units HumanSize: decimal units, 4 significant digits, trailing
   * zeros dropped): {@code 0B}, {@code 512B}, {@code 1.5kB}, {@code 3.146MB}.
   */
  public static String size(long bytes) {
    if (bytes < 0) return "?";
    double v = bytes;
    int unit = 0;
    while (v >= 1000 && unit < UNITS.length - 1) {
      v /= 1000;
      unit++;
    }
    String n = String.format(Locale.ROOT, "%.4g", v);
    if (n.contains("e") || n.contains("E")) n = String.format(Locale.ROOT, "%.0f", v);
    if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
    return n + UNITS[unit];
  }

  /** An instant as {@code 2024-01-01 00:00:00 UTC}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** The first 12 hex digits of a digest, as docker shows IDs. */
  public static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
