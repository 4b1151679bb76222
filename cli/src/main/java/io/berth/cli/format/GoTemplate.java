package io.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.ApiJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subset of Go's {@code text/template} that scripts pass to {@code --format}: literal text,
 * {@code {{.A.B}}}, {@code {{json .A}}}, {@code {{index .A "k"}}}, {@code {{join .A ","}}},
 * {@code {{upper .A}}}, {@code {{lower .A}}}, and docker's {@code table} prefix. Values print as Go
 * prints them (maps as {@code map[k:v]}, lists as {@code [a b]}, missing as {@code <no value>}).
 * Other actions (range, if, with) are rejected with a clear error. Immutable and thread-safe.
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

  public String execute(JsonNode data) {
    var sb = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t -> sb.append(t.text());
        case Action a -> sb.append(run(a, data));
      }
    }
    return sb.toString();
  }

  private static String run(Action a, JsonNode data) {
    return switch (a.function()) {
      case "" -> print(resolve(data, a.args().getFirst()));
      case "json" -> ApiJson.string(resolve(data, arg(a, 0)));
      case "upper" -> print(resolve(data, arg(a, 0))).toUpperCase();
      case "lower" -> print(resolve(data, arg(a, 0))).toLowerCase();
      case "index" -> {
        JsonNode v = resolve(data, arg(a, 0));
        String key = literal(arg(a, 1));
        JsonNode r = v.isArray() ? v.path(Integer.parseInt(key)) : v.path(key);
        yield r.isMissingNode() ? "<no value>" : print(r);
      }
      case "join" -> {
        var items = new ArrayList<String>();
        resolve(data, arg(a, 0)).forEach(n -> items.add(print(n)));
        yield String.join(literal(arg(a, 1)), items);
      }
      default -> throw new IllegalStateException(a.function());
    };
  }

  private static String arg(Action a, int i) {
    if (a.args().size() <= i) throw new IllegalArgumentException("template: " + a.function() + ": wrong number of args");
    return a.args().get(i);
  }

  private static String literal(String word) {
    if (!word.startsWith("\"")) throw new IllegalArgumentException("template: expected a string, got " + word);
    return word.substring(1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static JsonNode resolve(JsonNode data, String path) {
    if (path.equals(".")) return data;
    if (!path.startsWith(".")) throw new IllegalArgumentException("template: unsupported argument " + path);
    JsonNode cur = data;
    for (String field : path.substring(1).split("\\.")) {
      cur = cur.path(field);
    }
    return cur;
  }

  /** Prints a value the way Go's template prints the decoded JSON value. */
  static String print(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) return "<no value>";
    if (n.isTextual()) return n.asText();
    if (n.isIntegralNumber()) return n.asText();
    if (n.isNumber()) {
      double d = n.asDouble();
      return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Units.formatG(d, 17).replaceAll("0+e", "e");
    }
    if (n.isBoolean()) return n.asText();
    if (n.isArray()) {
      var items = new ArrayList<String>();
      n.forEach(x -> items.add(print(x)));
      return "[" + String.join(" ", items) + "]";
    }
    var sorted = new TreeMap<String, String>();
    n.properties().forEach(e -> sorted.put(e.getKey(), print(e.getValue())));
    var items = new ArrayList<String>();
    sorted.forEach((k, v) -> items.add(k + ":" + v));
    return "map[" + String.join(" ", items) + "]";
  }
}
