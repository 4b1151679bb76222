package io.berth.client.auth;

import io.berth.client.json.JsonException;
import java.util.Collection;
import java.util.Map;

/**
 * JSON text as Go's {@code encoding/json} writes it, for files and headers the docker CLI also
 * reads and writes: HTML characters escaped ({@code <>&} as {@code \u003c}...), and
 * {@code MarshalIndent(v, "", "\t")} layout for {@code config.json}, so that a file saved by berth
 * is the file docker would have saved.
 */
final class GoJson {
  private GoJson() {}

  static String compact(Object value) {
    var sb = new StringBuilder();
    write(sb, value, false, 0);
    return sb.toString();
  }

  static String indentTabs(Object value) {
    var sb = new StringBuilder();
    write(sb, value, true, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, boolean indent, int level) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Boolean b -> sb.append(b.booleanValue());
      case Number n -> sb.append(n);
      case Map<?, ?> m -> {
        if (m.isEmpty()) {
          sb.append("{}");
          return;
        }
        sb.append('{');
        boolean first = true;
        for (var e : m.entrySet()) {
          if (!first) sb.append(',');
          first = false;
          newline(sb, indent, level + 1);
          string(sb, String.valueOf(e.getKey()));
          sb.append(indent ? ": " : ":");
          write(sb, e.getValue(), indent, level + 1);
        }
        newline(sb, indent, level);
        sb.append('}');
      }
      case Collection<?> c -> {
        if (c.isEmpty()) {
          sb.append("[]");
          return;
        }
        sb.append('[');
        boolean first = true;
        for (Object item : c) {
          if (!first) sb.append(',');
          first = false;
          newline(sb, indent, level + 1);
          write(sb, item, indent, level + 1);
        }
        newline(sb, indent, level);
        sb.append(']');
      }
      default -> throw new JsonException("cannot write a " + v.getClass().getName() + " as json");
    }
  }

  private static void newline(StringBuilder sb, boolean indent, int level) {
    if (!indent) return;
    sb.append('\n');
    sb.repeat('\t', level);
  }

  private static void string(StringBuilder sb, String s) {
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
}
