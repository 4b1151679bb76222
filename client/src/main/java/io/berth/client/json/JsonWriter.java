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
    var sb = new StringBuilder();
    write(sb, value, -1, 0);
    return sb.toString();
  }

  /** Compact JSON, UTF-8 encoded. */
  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Indented with four spaces, {@code "key": value}, empty containers as {@code {}} and {@code []}. */
  public static String indent(Object value) {
    var sb = new StringBuilder();
    write(sb, value, 4, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int step, int level) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Boolean b -> sb.append(b.booleanValue());
      case Long l -> sb.append(l.longValue());
      case Integer i -> sb.append(i.intValue());
      case BigDecimal d -> sb.append(d);
      case BigInteger i -> sb.append(i);
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) throw new JsonException("cannot write " + d + " as json");
        sb.append(d.doubleValue());
      }
      case Map<?, ?> m -> object(sb, m, step, level);
      case Collection<?> c -> array(sb, c, step, level);
      default -> throw new JsonException("cannot write a " + v.getClass().getName() + " as json");
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> m, int step, int level) {
    if (m.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) throw new JsonException("cannot write a non-string object key as json: " + e.getKey());
      if (!first) sb.append(',');
      first = false;
      newline(sb, step, level + 1);
      string(sb, key);
      sb.append(step < 0 ? ":" : ": ");
      write(sb, e.getValue(), step, level + 1);
    }
    newline(sb, step, level);
    sb.append('}');
  }

  private static void array(StringBuilder sb, Collection<?> c, int step, int level) {
    if (c.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    boolean first = true;
    for (Object item : c) {
      if (!first) sb.append(',');
      first = false;
      newline(sb, step, level + 1);
      write(sb, item, step, level + 1);
    }
    newline(sb, step, level);
    sb.append(']');
  }

  private static void newline(StringBuilder sb, int step, int level) {
    if (step < 0) return;
    sb.append('\n');
    sb.repeat(' ', step * level);
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
