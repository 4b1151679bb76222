package io.berth.client.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a tree (see {@code package-info}) as JSON text: compact, or indented as Go's
 * {@code json.MarshalIndent(v, "", "    ")}, which is how {@code docker inspect} prints.
 *
 * <p>Objects are written in their map's iteration order (callers wanting sorted keys pass a sorted
 * map). Besides the tree's own types it accepts {@code Integer}, {@code Double}, {@code BigInteger}
 * and any {@code Collection}. Strings are escaped as the project's Jackson mapper escapes them, so
 * that output stays byte-identical to what the CLI printed before: {@code "} and {@code \},
 * {@code \b \t \n \f \r}, other control characters as {@code \\u00XX}; everything else (including
 * non-ASCII) is written as is. Non-finite doubles and other types are refused with a
 * {@link JsonException}. Stateless and thread-safe.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonWriter() {}

  /** Compact JSON text, no whitespace. */
  public static String write(Object value) {
    return write(value, null, false);
  }

  /**
   * JSON text laid out with {@code indentUnit} per level (null: compact); with {@code goEscaping}
   * strings are escaped as Go's {@code encoding/json} does ({@code <>&} and U+2028/9 as
   * a backslash-u escape, lowercase hex), for files the docker CLI also writes ({@code config.json}).
   */
  public static String write(Object value, String indentUnit, boolean goEscaping) {
    var sb = new StringBuilder();
    new Layout(indentUnit, goEscaping).write(sb, value, 0);
    return sb.toString();
  }

  /** Compact JSON, UTF-8 encoded. */
  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Indented with four spaces, {@code "key": value}, empty containers as {@code {}} and {@code []}. */
  public static String indent(Object value) {
    return write(value, "    ", false);
  }

  /** How values are laid out: the indent unit per level (null: compact) and the string escaping. */
  private record Layout(String unit, boolean goEscaping) {
    void write(StringBuilder sb, Object v, int level) {
      switch (v) {
        case null -> sb.append("null");
        case String s -> {
          if (goEscaping) goString(sb, s);
          else string(sb, s);
        }
        case Boolean b -> sb.append(b.booleanValue());
        case Long l -> sb.append(l.longValue());
        case Integer i -> sb.append(i.intValue());
        case BigDecimal d -> sb.append(d);
        case BigInteger i -> sb.append(i);
        case Double d -> {
          if (d.isNaN() || d.isInfinite()) throw new JsonException("cannot write " + d + " as json");
          sb.append(d.doubleValue());
        }
        case Map<?, ?> m -> object(sb, m, level);
        case Collection<?> c -> array(sb, c, level);
        default -> throw new JsonException("cannot write a " + v.getClass().getName() + " as json");
      }
    }

    private void object(StringBuilder sb, Map<?, ?> m, int level) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new JsonException("cannot write a non-string object key as json: " + e.getKey());
        }
        if (!first) sb.append(',');
        first = false;
        newline(sb, level + 1);
        write(sb, key, level + 1);
        sb.append(unit == null ? ":" : ": ");
        write(sb, e.getValue(), level + 1);
      }
      newline(sb, level);
      sb.append('}');
    }

    private void array(StringBuilder sb, Collection<?> c, int level) {
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (Object item : c) {
        if (!first) sb.append(',');
        first = false;
        newline(sb, level + 1);
        write(sb, item, level + 1);
      }
      newline(sb, level);
      sb.append(']');
    }

    private void newline(StringBuilder sb, int level) {
      if (unit == null) return;
      sb.append('\n');
      sb.repeat(unit, level);
    }
  }

  /** Go's {@code encoding/json} string escaping (HTML-safe, lowercase hex in its backslash-u escapes). */
  private static void goString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  /** Appends {@code s} as a quoted, escaped JSON string. */
  public static void string(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      sb.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\f' -> sb.append("\\f");
        case '\r' -> sb.append("\\r");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    sb.append(s, start, s.length());
    sb.append('"');
  }
}
