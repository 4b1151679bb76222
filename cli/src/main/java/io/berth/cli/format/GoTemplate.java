package io.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.json.JsonWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subset of Go's {@code text/template} that scripts pass to {@code --format}: literal text,
 * {@code {{.A.B}}}, {@code {{json .A}}}, {@code {{index .A "k"}}}, {@code {{join .A ","}}},
 * {@code {{upper .A}}}, {@code {{lower .A}}}, and docker's {@code table} prefix. Values print as Go
 * prints them (maps as {@code map[k:v]}, lists as {@code [a b]}, missing as {@code <no value>}).
 * Other actions (range, if, with) are rejected with a clear error. Immutable and thread-safe.
 *
 * <p>Data is a tree of {@link io.berth.client.json} (maps, lists, strings, numbers, booleans,
 * null), so that the CLI never loads Jackson databind.
 */
public final class GoTemplate {
  private sealed interface Part permits Text, Action {}

  private record Text(String text) implements Part {}

  private record Action(String function, List<String> args) implements Part {}

  private final List<Part> parts;
  private final boolean table;

  private GoTemplate(List<Part> parts, boolean table) {
    this.parts = parts;
    this.table = table;
  }

  /** Parses a format; {@code \t} and {@code \n} written as two characters become tab and newline, as in docker. */
  public static GoTemplate parse(String format) {
    String f = format;
    boolean table = false;
    if (f.startsWith("table")) {
      table = true;
      f = f.substring(5).strip();
    }
    f = f.replace("\\t", "\t").replace("\\n", "\n");
    var parts = new ArrayList<Part>();
    int i = 0;
    while (i < f.length()) {
      int open = f.indexOf("{{", i);
      if (open < 0) {
        parts.add(new Text(f.substring(i)));
        break;
      }
      if (open > i) parts.add(new Text(f.substring(i, open)));
      int close = f.indexOf("}}", open);
      if (close < 0) throw new IllegalArgumentException("template parsing error: unclosed action");
      String body = f.substring(open + 2, close).strip();
      if (body.startsWith("-")) body = body.substring(1).strip();
      if (body.endsWith("-")) body = body.substring(0, body.length() - 1).strip();
      parts.add(action(body));
      i = close + 2;
    }
    return new GoTemplate(List.copyOf(parts), table);
  }

  private static Action action(String body) {
    var words = new ArrayList<String>();
    var m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(body);
    while (m.find()) words.add(m.group(1) != null ? "\"" + m.group(1) : m.group(2));
    if (words.isEmpty()) throw new IllegalArgumentException("template parsing error: missing value for command");
    String first = words.getFirst();
    if (first.startsWith(".")) {
      if (words.size() > 1) throw new IllegalArgumentException("template: unsupported action: " + body);
      return new Action("", words);
    }
    return switch (first) {
      case "json", "upper", "lower", "index", "join" -> new Action(first, List.copyOf(words.subList(1, words.size())));
      default -> throw new IllegalArgumentException("template: unsupported action \"" + first + "\" (berth supports .Field, json, index, join, upper, lower)");
    };
  }

  public boolean isTable() { return table; }

  /** The field names the template refers to directly (first path element), in order: the table header. */
  public String header(Map<String, String> headers) {
    var sb = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t -> sb.append(t.text());
        case Action a -> {
          String path = a.args().isEmpty() ? "" : a.args().getFirst();
          String key = path.startsWith(".") && path.length() > 1 ? path.substring(1).split("\\.")[0] : "";
          sb.append(headers.getOrDefault(key, key.toUpperCase()));
        }
      }
    }
    return sb.toString();
  }

  /** Applies the template to a {@link io.berth.client.json} tree. */
  public String execute(Object data) {
    var sb = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t -> sb.append(t.text());
        case Action a -> sb.append(run(a, data));
      }
    }
    return sb.toString();
  }

  /** Applies the template to a Jackson tree (for callers that have one; loads Jackson databind). */
  public String execute(JsonNode data) {
    return execute(JacksonTrees.toTree(data));
  }

  /** A path that leads nowhere (Go's missing map key); distinct from a JSON null. */
  private static final Object MISSING = new Object();

  private static String run(Action a, Object data) {
    return switch (a.function()) {
      case "" -> print(resolve(data, a.args().getFirst()));
      case "json" -> {
        Object v = resolve(data, arg(a, 0));
        yield JsonWriter.write(v == MISSING ? null : v);
      }
      case "upper" -> print(resolve(data, arg(a, 0))).toUpperCase();
      case "lower" -> print(resolve(data, arg(a, 0))).toLowerCase();
      case "index" -> {
        Object v = resolve(data, arg(a, 0));
        String key = literal(arg(a, 1));
        Object r = v instanceof List<?> l ? element(l, Integer.parseInt(key)) : field(v, key);
        yield print(r);
      }
      case "join" -> {
        var items = new ArrayList<String>();
        Object v = resolve(data, arg(a, 0));
        Collection<?> elements = v instanceof List<?> l ? l : v instanceof Map<?, ?> m ? m.values() : List.of();
        elements.forEach(n -> items.add(print(n)));
        yield String.join(literal(arg(a, 1)), items);
      }
      default -> throw new IllegalStateException(a.function());
    };
  }

  private static Object element(List<?> l, int i) {
    return i >= 0 && i < l.size() ? l.get(i) : MISSING;
  }

  private static Object field(Object v, String key) {
    return v instanceof Map<?, ?> m && m.containsKey(key) ? m.get(key) : MISSING;
  }

  private static String arg(Action a, int i) {
    if (a.args().size() <= i) throw new IllegalArgumentException("template: " + a.function() + ": wrong number of args");
    return a.args().get(i);
  }

  private static String literal(String word) {
    if (!word.startsWith("\"")) throw new IllegalArgumentException("template: expected a string, got " + word);
    return word.substring(1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static Object resolve(Object data, String path) {
    if (path.equals(".")) return data;
    if (!path.startsWith(".")) throw new IllegalArgumentException("template: unsupported argument " + path);
    Object cur = data;
    for (String field : path.substring(1).split("\\.")) {
      cur = field(cur, field);
    }
    return cur;
  }

  /** Prints a value the way Go's template prints the decoded JSON value. */
  static String print(Object n) {
    return switch (n) {
      case null -> "<no value>";
      case String s -> s;
      case Boolean b -> b.toString();
      case Long l -> l.toString();
      case Integer i -> i.toString();
      case BigDecimal d when d.scale() <= 0 && d.precision() - d.scale() > 18 -> d.toPlainString();
      case Number num -> {
        double d = num.doubleValue();
        yield d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Units.formatG(d, 17).replaceAll("0+e", "e");
      }
      case List<?> list -> {
        var items = new ArrayList<String>();
        list.forEach(x -> items.add(print(x)));
        yield "[" + String.join(" ", items) + "]";
      }
      case Map<?, ?> m -> {
        var sorted = new TreeMap<String, String>();
        m.forEach((k, v) -> sorted.put(String.valueOf(k), print(v)));
        var items = new ArrayList<String>();
        sorted.forEach((k, v) -> items.add(k + ":" + v));
        yield "map[" + String.join(" ", items) + "]";
      }
      default -> n == MISSING ? "<no value>" : n.toString();
    };
  }
}
