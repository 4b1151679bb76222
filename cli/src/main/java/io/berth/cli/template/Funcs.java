package io.berth.cli.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions a docker template can call: Go's built-ins ({@code and or not len index slice
 * print printf println eq ne lt le gt ge html js urlquery call}) and docker's
 * ({@code json split join title lower upper pad truncate}), each with its Go signature so that
 * argument counts and types are checked as Go checks them. {@link #HEADER} is docker's
 * {@code HeaderFunctions}: a table header passes column names through unchanged.
 */
final class Funcs {
  /** Go parameter types. VALUE is reflect.Value (anything, even a missing value). */
  enum P {
    VALUE("reflect.Value"), ANY("interface {}"), STRING("string"), INT("int"), STRINGS("[]string");

    private final String goName;

    P(String goName) { this.goName = goName; }

    String goName() { return goName; }
  }

  /** A function's failure; Go reports it as {@code error calling <name>: <message>}. */
  static final class CallError extends Exception {
    CallError(String message) { super(message, null, false, false); }
  }

  @FunctionalInterface
  interface Impl {
    Val call(Exec exec, List<Val> args) throws CallError;
  }

  record Func(String name, List<P> params, boolean variadic, Impl impl) {}

  static final Map<String, Func> DEFAULT;
  static final Map<String, Func> HEADER;

  static {
    Map<String, Func> m = new HashMap<>();
    add(m, "and", List.of(P.VALUE, P.VALUE), true, (e, a) -> a.getLast());
    add(m, "or", List.of(P.VALUE, P.VALUE), true, (e, a) -> a.getLast());
    add(m, "not", List.of(P.VALUE), false, (e, a) -> Val.of(!e.values().truth(a.getFirst())));
    add(m, "len", List.of(P.VALUE), false, Funcs::len);
    add(m, "index", List.of(P.VALUE, P.VALUE), true, Funcs::index);
    add(m, "slice", List.of(P.VALUE, P.VALUE), true, Funcs::slice);
    add(m, "print", List.of(P.ANY), true, (e, a) -> Val.of(sprint(e, a, false)));
    add(m, "println", List.of(P.ANY), true, (e, a) -> Val.of(sprint(e, a, true)));
    add(m, "printf", List.of(P.STRING, P.ANY), true,
        (e, a) -> Val.of(Printf.sprintf(e.values(), (String) a.getFirst().v(), a.subList(1, a.size()))));
    add(m, "eq", List.of(P.VALUE, P.VALUE), true, Funcs::eq);
    add(m, "ne", List.of(P.VALUE, P.VALUE), false, (e, a) -> Val.of(!(Boolean) eq(e, a).v()));
    add(m, "lt", List.of(P.VALUE, P.VALUE), false, (e, a) -> Val.of(order(e, a) < 0));
    add(m, "le", List.of(P.VALUE, P.VALUE), false, (e, a) -> Val.of(order(e, a) <= 0));
    add(m, "gt", List.of(P.VALUE, P.VALUE), false, (e, a) -> Val.of(order(e, a) > 0));
    add(m, "ge", List.of(P.VALUE, P.VALUE), false, (e, a) -> Val.of(order(e, a) >= 0));
    add(m, "html", List.of(P.ANY), true, (e, a) -> Val.of(html(evalArgs(e, a))));
    add(m, "js", List.of(P.ANY), true, (e, a) -> Val.of(js(evalArgs(e, a))));
    add(m, "urlquery", List.of(P.ANY), true,
        (e, a) -> Val.of(URLEncoder.encode(evalArgs(e, a), StandardCharsets.UTF_8)));
    add(m, "call", List.of(P.VALUE, P.VALUE), true, (e, a) -> {
      throw new CallError("non-function " + e.values().format(a.getFirst()) + " of type " + a.getFirst().goType(null));
    });
    // docker's templates.basicFunctions
    add(m, "json", List.of(P.ANY), false, (e, a) -> Val.of(e.values().json(a.getFirst())));
    add(m, "split", List.of(P.STRING, P.STRING), false, (e, a) -> Val.of(split((String) a.get(0).v(), (String) a.get(1).v())));
    add(m, "join", List.of(P.STRINGS, P.STRING), false,
        (e, a) -> Val.of(String.join((String) a.get(1).v(), GoValues.strings((List<?>) a.get(0).v()))));
    add(m, "title", List.of(P.STRING), false, (e, a) -> Val.of(title((String) a.getFirst().v())));
    add(m, "lower", List.of(P.STRING), false, (e, a) -> Val.of(((String) a.getFirst().v()).toLowerCase()));
    add(m, "upper", List.of(P.STRING), false, (e, a) -> Val.of(((String) a.getFirst().v()).toUpperCase()));
    add(m, "pad", List.of(P.STRING, P.INT, P.INT), false, (e, a) -> {
      String s = (String) a.get(0).v();
      if (s.isEmpty()) return Val.of(s);
      return Val.of(" ".repeat((int) (long) (Long) a.get(1).v()) + s + " ".repeat((int) (long) (Long) a.get(2).v()));
    });
    add(m, "truncate", List.of(P.STRING, P.INT), false, (e, a) -> {
      String s = (String) a.get(0).v();
      long n = (Long) a.get(1).v();
      return Val.of(s.length() < n ? s : s.substring(0, (int) n));
    });
    DEFAULT = Map.copyOf(m);

    Map<String, Func> h = new HashMap<>(m);
    Impl identity = (e, a) -> a.getFirst();
    add(h, "json", List.of(P.STRING), false, identity);
    add(h, "split", List.of(P.STRING, P.STRING), false, identity);
    add(h, "join", List.of(P.STRING, P.STRING), false, identity);
    add(h, "title", List.of(P.STRING), false, identity);
    add(h, "lower", List.of(P.STRING), false, identity);
    add(h, "upper", List.of(P.STRING), false, identity);
    add(h, "truncate", List.of(P.STRING, P.INT), false, identity);
    HEADER = Map.copyOf(h);
  }

  private Funcs() {}

  private static void add(Map<String, Func> m, String name, List<P> params, boolean variadic, Impl impl) {
    m.put(name, new Func(name, params, variadic, impl));
  }

  private static Val len(Exec e, List<Val> a) throws CallError {
    Val v = a.getFirst();
    if (v.missing()) throw new CallError("len of untyped nil");
    return switch (v.v()) {
      case null -> throw new CallError("len of nil pointer");
      case String s -> Val.of((long) s.getBytes(StandardCharsets.UTF_8).length);
      case List<?> l -> Val.of((long) l.size());
      case Map<?, ?> m when e.values().kind(v) != Schema.Kind.STRUCT -> Val.of((long) m.size());
      default -> throw new CallError("len of type " + v.goType(e.values().schema()));
    };
  }

  private static Val index(Exec e, List<Val> a) throws CallError {
    Val item = a.getFirst();
    if (item.missing()) throw new CallError("index of untyped nil");
    for (Val idx : a.subList(1, a.size())) {
      Object o = item.v();
      boolean goMap = o instanceof Map<?, ?> && e.values().kind(item) != Schema.Kind.STRUCT;
      switch (o) {
        case null -> throw new CallError("index of nil pointer");
        case List<?> l -> {
          int x = indexArg(idx, l.size());
          // Go checks x > len, then reflect panics at x == len
          if (x == l.size()) throw new CallError("reflect: slice index out of range");
          item = e.values().element(item, Schema.Kind.SLICE, l.get(x));
        }
        case String s -> {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          int x = indexArg(idx, b.length);
          if (x == b.length) throw new CallError("reflect: string index out of range");
          item = Val.of((long) (b[x] & 0xff));
        }
        case Map<?, ?> m when goMap -> {
          if (!(idx.v() instanceof String key)) {
            throw new CallError("value has type " + idx.goType(null) + "; should be string");
          }
          if (m.containsKey(key)) {
            item = e.values().element(item, Schema.Kind.MAP, m.get(key));
          } else if (e.values().mode() == GoValues.Mode.TYPED && item.path() != null) {
            item = Val.of(e.values().schema().elementZero(item.path()));
          } else {
            item = Val.MISSING;
          }
        }
        default -> throw new CallError("can't index item of type " + item.goType(e.values().schema()));
      }
      if (item.missing()) return item;
    }
    return item;
  }

  private static int indexArg(Val idx, int cap) throws CallError {
    Object o = idx.v();
    if (o == null || idx.missing()) throw new CallError("cannot index slice/array with nil");
    long x;
    if (o instanceof Long l) x = l;
    else if (o instanceof Integer i) x = i;
    else if (o instanceof java.math.BigDecimal d && d.stripTrailingZeros().scale() <= 0) x = d.longValue();
    else throw new CallError("cannot index slice/array with type " + idx.goType(null));
    if (x < 0 || x > cap) throw new CallError("index out of range: " + x);
    return (int) x;
  }

  private static Val slice(Exec e, List<Val> a) throws CallError {
    Val item = a.getFirst();
    if (item.missing()) throw new CallError("slice of untyped nil");
    if (a.size() > 4) throw new CallError("too many slice indexes: " + (a.size() - 1));
    int len;
    if (item.v() instanceof String s) len = s.length();
    else if (item.v() instanceof List<?> l) len = l.size();
    else throw new CallError("can't slice item of type " + item.goType(null));
    int[] idx = {0, len, len};
    for (int i = 1; i < a.size(); i++) idx[i - 1] = indexArg(a.get(i), len);
    if (idx[0] > idx[1]) throw new CallError("invalid slice index: " + idx[0] + " > " + idx[1]);
    if (item.v() instanceof String s) return Val.of(s.substring(idx[0], idx[1]));
    return Val.of(List.copyOf(((List<?>) item.v()).subList(idx[0], idx[1])));
  }

  private static Val eq(Exec e, List<Val> a) throws CallError {
    if (a.size() < 2) throw new CallError("missing argument for comparison");
    Val x = a.getFirst();
    for (Val y : a.subList(1, a.size())) {
      boolean xNil = x.missing() || x.isNull();
      boolean yNil = y.missing() || y.isNull();
      if (xNil || yNil) {
        if (x.missing() || y.missing()) continue;
        if (xNil && yNil) return Val.of(true);
        continue;
      }
      int c = GoValues.compare(e.values().comparable(x), e.values().comparable(y), false);
      if (c == -2) throw new CallError("incompatible types for comparison");
      if (c == -3) throw new CallError("non-comparable types");
      if (c == 0) return Val.of(true);
    }
    return Val.of(false);
  }

  private static int order(Exec e, List<Val> a) throws CallError {
    Val x = a.get(0);
    Val y = a.get(1);
    if (x.missing() || y.missing() || x.isNull() || y.isNull()) throw new CallError("invalid type for comparison");
    Object cx = e.values().comparable(x);
    Object cy = e.values().comparable(y);
    if (cx == GoValues.POINTER || cy == GoValues.POINTER) throw new CallError("invalid type for comparison");
    int c = GoValues.compare(cx, cy, true);
    if (c == -2) throw new CallError("incompatible types for comparison");
    if (c == -3) throw new CallError("invalid type for comparison");
    return c;
  }

  /** fmt.Sprint / Sprintln: Sprint adds spaces between operands when neither is a string. */
  private static String sprint(Exec e, List<Val> args, boolean ln) {
    var sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Val v = args.get(i);
      if (i > 0 && (ln || !(args.get(i - 1).v() instanceof String) && !(v.v() instanceof String))) sb.append(' ');
      sb.append(v.v() == null ? "<nil>" : e.values().format(v));
    }
    if (ln) sb.append('\n');
    return sb.toString();
  }

  private static String evalArgs(Exec e, List<Val> args) {
    if (args.size() == 1 && args.getFirst().v() instanceof String s) return s;
    return sprint(e, args, false);
  }

  private static String html(String s) {
    var sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\0' -> sb.append('\uFFFD');
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String js(String s) {
    var sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        default -> {
          if (c < ' ') sb.append(String.format("\\u%04X", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  /** strings.Split: an empty separator splits after each character. */
  static List<String> split(String s, String sep) {
    if (sep.isEmpty()) {
      var out = new ArrayList<String>();
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
    return Arrays.asList(s.split(java.util.regex.Pattern.quote(sep), -1));
  }

  /** strings.Title: upper-cases letters that start a word. */
  static String title(String s) {
    var sb = new StringBuilder();
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(separator(prev) ? Character.toTitleCase(cp) : cp);
      prev = cp;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean separator(int r) {
    if (r <= 0x7F) {
      if (Character.isLetterOrDigit(r) || r == '_') return false;
      return true;
    }
    if (Character.isLetterOrDigit(r)) return false;
    return Character.isWhitespace(r);
  }
}
