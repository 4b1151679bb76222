package io.berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Go's notions of whitespace and quoting, which the Dockerfile syntax inherits from docker's parser. */
final class Text {
  private Text() {}

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int c) {
    return switch (c) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> c > 0xFF && Character.isSpaceChar(c);
    };
  }

  /** Go's {@code strings.TrimSpace}. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) start++;
    while (end > start && isSpace(s.charAt(end - 1))) end--;
    return s.substring(start, end);
  }

  static String trimLeft(String s) {
    int start = 0;
    while (start < s.length() && isSpace(s.charAt(start))) start++;
    return s.substring(start);
  }

  /** Docker's {@code [\t\v\f\r ]+} splitting (not Unicode-aware, unlike {@link #isSpace}). */
  static boolean isBlank(char c) {
    return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ';
  }

  /** Splits on runs of {@link #isBlank} characters, at most {@code limit} parts (0: no limit). */
  static List<String> splitBlank(String s, int limit) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      if (isBlank(s.charAt(i)) && (limit == 0 || parts.size() < limit - 1)) {
        parts.add(s.substring(start, i));
        while (i < s.length() && isBlank(s.charAt(i))) i++;
        start = i;
      } else {
        i++;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** Go's {@code %q} for the strings that appear in messages. */
  static String goQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7F) out.append(String.format("\\x%02x", c));
          else out.appendCodePoint(c);
        }
      }
    });
    return out.append('"').toString();
  }
}
