package io.berth.compose.load;

import io.berth.compose.ComposeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The compose-spec's variable substitution: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-d}},
 * {@code ${VAR-d}}, {@code ${VAR:?err}}, {@code ${VAR?err}}, {@code ${VAR:+x}}, {@code ${VAR+x}},
 * {@code $$} for a literal dollar, nesting inside the default/error/alternative words. A {@code $}
 * not followed by a name or a brace stays as it is. Applied to values only, never to keys.
 */
final class Interpolation {
  private final Function<String, Optional<String>> lookup;
  private final Consumer<String> warn;
  private final Map<String, String> marks;

  Interpolation(Function<String, Optional<String>> lookup, Consumer<String> warn) {
    this(lookup, warn, Map.of());
  }

  /** With the file's marks, errors are located ({@code compose.yaml:3:12: ...}). */
  Interpolation(Function<String, Optional<String>> lookup, Consumer<String> warn, Map<String, String> marks) {
    this.lookup = lookup;
    this.warn = warn;
    this.marks = marks;
  }

  /** Interpolates every string value of the tree in place (keys untouched); {@code path} names it in errors. */
  @SuppressWarnings("unchecked")
  Object tree(Object node, String path) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        e.setValue(tree(e.getValue(), Yaml.child(path, e.getKey())));
      }
      return m;
    }
    if (node instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      for (int i = 0; i < list.size(); i++) {
        list.set(i, tree(list.get(i), path + "[" + i + "]"));
      }
      return list;
    }
    if (node instanceof String s && s.indexOf('$') >= 0) {
      try {
        return string(s, path);
      } catch (ComposeException e) {
        String msg = e.getMessage().startsWith("required variable")
            ? "error while interpolating " + path + ": " + e.getMessage() : e.getMessage();
        throw new ComposeException(Loc.prefix(marks, path) + msg, e);
      }
    }
    return node;
  }

  String string(String s, String path) {
    Parser p = new Parser(s, path);
    String out = p.until(-1);
    return out;
  }

  private final class Parser {
    final String s;
    final String path;
    int i;

    Parser(String s, String path) {
      this.s = s;
      this.path = path;
    }

    /** Reads up to the closing brace (stop = '}') or the end (stop = -1), substituting. */
    String until(int stop) {
      StringBuilder out = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (stop >= 0 && c == stop) {
          return out.toString();
        }
        if (c != '$') {
          out.append(c);
          i++;
          continue;
        }
        if (i + 1 >= s.length()) {
          out.append('$');
          i++;
          continue;
        }
        char n = s.charAt(i + 1);
        if (n == '$') {
          out.append('$');
          i += 2;
        } else if (n == '{') {
          i += 2;
          out.append(braced());
        } else if (isNameStart(n)) {
          int start = ++i;
          while (i < s.length() && isNamePart(s.charAt(i))) {
            i++;
          }
          out.append(value(s.substring(start, i)));
        } else {
          out.append('$');
          i++;
        }
      }
      if (stop >= 0) {
        throw invalid();
      }
      return out.toString();
    }

    private String braced() {
      int start = i;
      while (i < s.length() && isNamePart(s.charAt(i))) {
        i++;
      }
      String name = s.substring(start, i);
      if (name.isEmpty() || !isNameStart(name.charAt(0)) || i >= s.length()) {
        throw invalid();
      }
      char c = s.charAt(i);
      if (c == '}') {
        i++;
        return value(name);
      }
      boolean colon = c == ':';
      if (colon) {
        i++;
        if (i >= s.length()) {
          throw invalid();
        }
        c = s.charAt(i);
      }
      if (c != '-' && c != '?' && c != '+') {
        throw invalid();
      }
      i++;
      String word = until('}');
      i++; // the closing brace
      Optional<String> v = lookup.apply(name);
      boolean set = colon ? v.isPresent() && !v.get().isEmpty() : v.isPresent();
      return switch (c) {
        case '-' -> set ? v.get() : word;
        case '+' -> set ? word : "";
        default -> {
          if (!set) {
            throw new ComposeException("required variable " + name + " is missing a value"
                + (word.isEmpty() ? "" : ": " + word));
          }
          yield v.get();
        }
      };
    }

    private String value(String name) {
      Optional<String> v = lookup.apply(name);
      if (v.isEmpty()) {
        warn.accept("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
        return "";
      }
      return v.get();
    }

    private ComposeException invalid() {
      return new ComposeException("invalid interpolation format for " + path
          + ".\nYou may need to escape any $ with another $.\n" + s);
    }
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  /** Parses a {@code .env}-format file (the spec's "Env_file format"); unquoted and double-quoted values are interpolated. */
  static Map<String, Optional<String>> envFile(String text, String fileName,
      Function<String, Optional<String>> outer, Map<String, Optional<String>> into) {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    Function<String, Optional<String>> lookup = k -> {
      Optional<String> own = into.getOrDefault(k, Optional.empty());
      return own.isPresent() ? own : outer.apply(k);
    };
    Interpolation interp = new Interpolation(lookup, w -> {});
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).stripLeading();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
        throw new ComposeException("failed to read " + fileName + ": line " + (ln + 1) + ": unexpected character \""
            + (key.isEmpty() ? "=" : key.replaceAll("^[A-Za-z_][A-Za-z0-9_.\\-]*", "").substring(0, 1))
            + "\" in variable name \"" + line + "\"");
      }
      if (eq < 0) {
        // VAR alone: the value comes from the environment, or the variable stays unset.
        into.put(key, outer.apply(key));
        continue;
      }
      String rest = line.substring(eq + 1).stripLeading();
      String value;
      if (rest.startsWith("\"") || rest.startsWith("'")) {
        char q = rest.charAt(0);
        StringBuilder sb = new StringBuilder(rest.substring(1));
        // A quoted value may continue over several lines.
        int close;
        while ((close = closingQuote(sb, q)) < 0 && ln + 1 < lines.size()) {
          sb.append('\n').append(lines.get(++ln));
        }
        if (close < 0) {
          throw new ComposeException("failed to read " + fileName + ": unterminated quoted value for " + key);
        }
        String raw = sb.substring(0, close);
        value = q == '\'' ? raw.replace("\\'", "'") : interp.string(unescape(raw), key);
      } else {
        int hash = rest.indexOf(" #");
        String raw = (hash >= 0 ? rest.substring(0, hash) : rest).strip();
        value = interp.string(raw, key);
      }
      into.put(key, Optional.of(value));
    }
    return into;
  }

  private static int closingQuote(CharSequence s, char q) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char n = raw.charAt(++i);
        switch (n) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case '\\' -> out.append('\\');
          case '"' -> out.append('"');
          case '$' -> out.append("$$");
          default -> out.append('\\').append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
