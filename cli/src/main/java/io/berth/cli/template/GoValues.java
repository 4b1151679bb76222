package io.berth.cli.template;

import io.berth.cli.format.Units;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Go prints ({@code fmt}'s {@code %v}), encodes ({@code encoding/json}) and judges
 * ({@code if}) values, for the three ways a document can be seen: typed through a {@link Schema}
 * (docker's first attempt), raw ({@code map[string]interface{}}, docker's fallback), or loose
 * (no schema: objects keep their order, missing keys print {@code <no value>}).
 */
final class GoValues {
  enum Mode { TYPED, RAW, LOOSE }

  private final Mode mode;
  private final Schema schema;

  GoValues(Mode mode, Schema schema) {
    this.mode = mode;
    this.schema = schema;
  }

  Mode mode() { return mode; }

  Schema schema() { return mode == Mode.TYPED ? schema : null; }

  Schema.Kind kind(Val v) {
    if (mode != Mode.TYPED || v.path() == null) {
      return switch (v.v()) {
        case null -> Schema.Kind.POINTER;
        case Map<?, ?> m -> Schema.Kind.MAP;
        case List<?> l -> Schema.Kind.SLICE;
        case String s -> Schema.Kind.STRING;
        case Boolean b -> Schema.Kind.BOOL;
        default -> Schema.Kind.NUMBER;
      };
    }
    return schema.kind(v.path(), v.v());
  }

  Val element(Val container, Schema.Kind containerKind, Object value) {
    if (container.path() == null) return new Val(value, null);
    String p = container.path() + (container.path().isEmpty() ? "" : ".") + (containerKind == Schema.Kind.MAP ? "*" : "[]");
    return new Val(value, p);
  }

  Val field(Val container, String name, Object value) {
    return new Val(value, container.path() == null ? null : Schema.child(container.path(), name));
  }

  // ---- printing ----------------------------------------------------------------------------------

  /** Go's printValue for an action's result. */
  String print(Val v) {
    if (v.missing()) return "<no value>";
    if (v.isNull()) {
      if (mode != Mode.TYPED || v.path() == null) return "<no value>";
      return nilString(kind(v));
    }
    return format(v);
  }

  private static String nilString(Schema.Kind k) {
    return switch (k) {
      case SLICE -> "[]";
      case MAP -> "map[]";
      default -> "<nil>";
    };
  }

  /** fmt's %v of a non-nil value (nested nils print by kind when typed, else as <nil>). */
  String format(Val v) {
    Object o = v.v();
    if (o == null) return mode == Mode.TYPED && v.path() != null ? nilString(kind(v)) : "<nil>";
    return switch (o) {
      case String s -> s;
      case Boolean b -> b.toString();
      case Long l -> l.toString();
      case Integer i -> i.toString();
      case BigDecimal d when d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0 -> d.toBigInteger().toString();
      case Number n -> {
        double d = n.doubleValue();
        yield d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Units.formatG(d, 17).replaceAll("0+e", "e");
      }
      case List<?> list -> {
        var items = new ArrayList<String>();
        for (Object x : list) items.add(format(element(v, Schema.Kind.SLICE, x)));
        yield "[" + String.join(" ", items) + "]";
      }
      case Map<?, ?> m -> {
        if (kind(v) == Schema.Kind.STRUCT) {
          var items = new ArrayList<String>();
          var fields = schema.fields(v.path());
          if (fields.isPresent()) {
            // the Go struct's fields in order, zero values for those the JSON omitted
            for (String f : fields.get()) {
              Object x = m.containsKey(f) ? m.get(f) : schema.omittedZero(Schema.child(v.path(), f)).orElse(Schema.NULL);
              items.add(format(field(v, f, x == Schema.NULL ? null : x)));
            }
          } else {
            m.forEach((k, x) -> items.add(format(field(v, String.valueOf(k), x))));
          }
          yield "{" + String.join(" ", items) + "}";
        }
        var sorted = new TreeMap<String, String>();
        m.forEach((k, x) -> sorted.put(String.valueOf(k), format(element(v, Schema.Kind.MAP, x))));
        var items = new ArrayList<String>();
        sorted.forEach((k, x) -> items.add(k + ":" + x));
        yield "map[" + String.join(" ", items) + "]";
      }
      case RowContext r -> {
        var items = new ArrayList<String>();
        r.fields().values().forEach(x -> items.add(x == null ? "<nil>" : x.toString()));
        yield "&{" + String.join(" ", items) + "}";
      }
      default -> o.toString(); // <no value>, <nil>
    };
  }

  // ---- truth -------------------------------------------------------------------------------------

  /** Go's isTrue: zero values, empty collections and nil are false; structs are always true. */
  boolean truth(Val v) {
    Object o = v.v();
    return switch (o) {
      case null -> false;
      case String s -> !s.isEmpty();
      case Boolean b -> b;
      case Long l -> l != 0;
      case Integer i -> i != 0;
      case BigDecimal d -> d.signum() != 0;
      case Number n -> n.doubleValue() != 0;
      case List<?> l -> !l.isEmpty();
      case Map<?, ?> m -> kind(v) == Schema.Kind.STRUCT || !m.isEmpty();
      case RowContext r -> true;
      default -> o != Val.MISSING_VALUE && o != Val.NIL_POINTER;
    };
  }

  // ---- json --------------------------------------------------------------------------------------

  /** encoding/json of the value, HTML left alone (docker's {@code json} function). */
  String json(Val v) {
    var sb = new StringBuilder();
    json(sb, v, false);
    return sb.toString();
  }

  private void json(StringBuilder sb, Val v, boolean escapeHtml) {
    Object o = v.v();
    switch (o) {
      case null -> sb.append("null");
      case String s -> string(sb, s, escapeHtml);
      case Boolean b -> sb.append(b);
      case BigDecimal d -> sb.append(d.toPlainString());
      case Double d -> sb.append(jsonFloat(d));
      case Number n -> sb.append(n);
      case List<?> list -> {
        sb.append('[');
        boolean first = true;
        for (Object x : list) {
          if (!first) sb.append(',');
          first = false;
          json(sb, element(v, Schema.Kind.SLICE, x), escapeHtml);
        }
        sb.append(']');
      }
      case Map<?, ?> m -> {
        boolean goMap = kind(v) == Schema.Kind.MAP;
        // without a schema the document's own order is kept (what berth printed before templates were typed)
        Map<?, ?> entries = goMap && mode != Mode.LOOSE ? new TreeMap<>(m) : m;
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : entries.entrySet()) {
          if (!first) sb.append(',');
          first = false;
          string(sb, String.valueOf(e.getKey()), escapeHtml);
          sb.append(':');
          Object x = e.getValue();
          json(sb, goMap ? element(v, Schema.Kind.MAP, x) : field(v, String.valueOf(e.getKey()), x), escapeHtml);
        }
        sb.append('}');
      }
      // docker's MarshalJSON uses json.Marshal, which escapes HTML; the outer encoder keeps that
      case RowContext r -> json(sb, Val.of(r.json()), true);
      default -> sb.append("null");
    }
  }

  private static String jsonFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e21) return Long.toString((long) d);
    String s = Double.toString(d);
    return s.replace("E", "e+").replace("e+-", "e-");
  }

  /** encoding/json's string escaping (Go 1.22+: \b and \f short forms; U+2028/9 always escaped). */
  static void string(StringBuilder sb, String s, boolean escapeHtml) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20 || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(++i));
            } else {
              sb.append("\\ufffd");
            }
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  // ---- comparison --------------------------------------------------------------------------------

  /** Stands for a non-nil pointer in a comparison: Go cannot compare it with a basic value. */
  static final Object POINTER = new Object();

  /**
   * What eq/lt compare: in raw mode a number out of the document is a json.Number (a string to
   * Go: comparing it with an int fails); a typed pointer field ({@code SizeRw}) is a pointer.
   */
  Object comparable(Val v) {
    if (v.path() != null && v.v() instanceof Number n) {
      if (mode == Mode.RAW) return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
      if (mode == Mode.TYPED && schema.explicitKind(v.path()) == Schema.Kind.POINTER) return POINTER;
    }
    return v.v();
  }

  /** Go's eq/lt rules for basic kinds; -2 means incompatible, -3 not comparable/ordered. */
  static int compare(Object a, Object b, boolean ordered) {
    if (a == POINTER || b == POINTER) return -2;
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    if (a instanceof String x && b instanceof String y) return Integer.signum(x.compareTo(y));
    if (a instanceof Boolean x && b instanceof Boolean y) {
      if (ordered) return -3;
      return x.equals(y) ? 0 : 1;
    }
    if (a == null && b == null && !ordered) return 0;
    if (basic(a) && basic(b)) return -2;
    return -3;
  }

  private static boolean basic(Object o) {
    return o instanceof Number || o instanceof String || o instanceof Boolean;
  }

  static List<String> strings(List<?> l) {
    var out = new ArrayList<String>();
    for (Object o : l) out.add((String) o);
    return out;
  }
}
