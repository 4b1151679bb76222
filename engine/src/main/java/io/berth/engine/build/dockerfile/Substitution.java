package io.berth.engine.build.dockerfile;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Environment replacement as the Dockerfile reference defines it, done the way docker's shell lexer
 * does it: quote removal ({@code "..."} expands variables, {@code '...'} is literal), the escape
 * character (outside quotes it makes any character literal; inside double quotes only {@code "},
 * {@code $} and itself), {@code $VAR}, {@code ${VAR}} and the modifiers {@code ${VAR:-w}},
 * {@code ${VAR-w}}, {@code ${VAR:+w}}, {@code ${VAR+w}}, {@code ${VAR:?msg}}, {@code ${VAR?msg}},
 * {@code ${VAR#p}}, {@code ${VAR##p}}, {@code ${VAR%p}}, {@code ${VAR%%p}}, {@code ${VAR/p/r}} and
 * {@code ${VAR//p/r}} (patterns: {@link ShellPattern}). Unknown variables expand to the empty string.
 *
 * <p>{@code ${VAR?msg}} is not in the reference's list but docker's lexer has it, so it is here too.
 * Errors read like docker's: {@code failed to process "${a": syntax error: missing '}'}.
 */
public final class Substitution {
  private final char escape;
  private final boolean keepUnset;

  public Substitution(char escape) { this(escape, false); }

  /** {@code keepUnset}: leave references to unknown variables as written (used for heredoc words). */
  Substitution(char escape, boolean keepUnset) {
    this.escape = escape;
    this.keepUnset = keepUnset;
  }

  /** {@code raw} with quotes removed, escapes applied and variables expanded, as one string. */
  public String word(String raw, Function<String, Optional<String>> vars) {
    return new Lexer(raw, vars).run().result;
  }

  /**
   * Like {@link #word} but split into words on unquoted whitespace (including whitespace that comes
   * from an unquoted expansion); empty words are dropped, as docker does.
   */
  public List<String> words(String raw, Function<String, Optional<String>> vars) {
    return new Lexer(raw, vars).run().words;
  }

  private record Processed(String result, List<String> words) {}

  /** Word splitting state: docker's rule is that only unquoted, unescaped whitespace splits. */
  private static final class Words {
    final List<String> words = new ArrayList<>();
    final StringBuilder buf = new StringBuilder();
    boolean inWord;

    void add(int ch) {
      if (Text.isSpace(ch)) {
        if (inWord && !buf.isEmpty()) {
          words.add(buf.toString());
          buf.setLength(0);
          inWord = false;
        }
      } else {
        addRaw(ch);
      }
    }

    void addRaw(int ch) { buf.appendCodePoint(ch); inWord = true; }

    void addString(String s) { s.codePoints().forEach(this::add); }

    void addRawString(String s) { buf.append(s); inWord = true; }

    List<String> finish() {
      if (!buf.isEmpty()) words.add(buf.toString());
      return List.copyOf(words);
    }
  }

  private final class Lexer {
    private static final int EOF = -1;
    private final String source;
    private final int[] cps;
    private final Function<String, Optional<String>> vars;
    private int pos;

    Lexer(String source, Function<String, Optional<String>> vars) {
      this.source = source;
      this.cps = source.codePoints().toArray();
      this.vars = vars;
    }

    Processed run() {
      try {
        return process(EOF, false);
      } catch (LexError e) {
        throw BerthException.invalid("%s", "failed to process " + Text.goQuote(source) + ": " + e.getMessage());
      }
    }

    private int peek() { return pos < cps.length ? cps[pos] : EOF; }

    private int next() { return pos < cps.length ? cps[pos++] : EOF; }

    /** Processes up to {@code stop} (consumed) or the end; {@code rawEscapes} keeps escape chars. */
    private Processed process(int stop, boolean rawEscapes) {
      StringBuilder result = new StringBuilder();
      Words words = new Words();
      while (peek() != EOF) {
        int ch = peek();
        if (stop != EOF && ch == stop) {
          next();
          return new Processed(result.toString(), words.finish());
        }
        switch (ch) {
          case '$' -> {
            String value = dollar();
            result.append(value);
            words.addString(value);
          }
          case '\'' -> {
            String value = singleQuoted();
            result.append(value);
            words.addRawString(value);
          }
          case '"' -> {
            String value = doubleQuoted();
            result.append(value);
            words.addRawString(value);
          }
          default -> {
            next();
            if (ch == escape) {
              if (rawEscapes) {
                words.addRaw(ch);
                result.appendCodePoint(ch);
              }
              ch = next();
              if (ch == EOF) break;
              words.addRaw(ch);
            } else {
              words.add(ch);
            }
            result.appendCodePoint(ch);
          }
        }
      }
      if (stop != EOF) {
        throw new LexError("unexpected end of statement while looking for matching " + Character.toString(stop));
      }
      return new Processed(result.toString(), words.finish());
    }

    private String singleQuoted() {
      next();
      StringBuilder out = new StringBuilder();
      while (true) {
        int ch = next();
        if (ch == EOF) throw new LexError("unexpected end of statement while looking for matching single-quote");
        if (ch == '\'') return out.toString();
        out.appendCodePoint(ch);
      }
    }

    private String doubleQuoted() {
      next();
      StringBuilder out = new StringBuilder();
      while (true) {
        int ch = peek();
        if (ch == EOF) throw new LexError("unexpected end of statement while looking for matching double-quote");
        if (ch == '"') {
          next();
          return out.toString();
        }
        if (ch == '$') {
          out.append(dollar());
          continue;
        }
        next();
        if (ch == escape) {
          int after = peek();
          if (after == EOF) continue; // an escape at the very end is dropped; the quote is then unterminated
          if (after == '"' || after == '$' || after == escape) ch = next();
        }
        out.appendCodePoint(ch);
      }
    }

    private String dollar() {
      next();
      if (peek() != '{') {
        String name = name();
        if (name.isEmpty()) return "$";
        Optional<String> value = vars.apply(name);
        if (value.isEmpty() && keepUnset) return "$" + name;
        return value.orElse("");
      }
      next();
      int first = peek();
      if (first == EOF) throw new LexError("syntax error: missing '}'");
      if (first == '{' || first == '}' || first == ':') throw new LexError("syntax error: bad substitution");
      String name = name();
      int ch = next();
      if (ch == EOF) throw new LexError("syntax error: missing '}'");
      if (ch == '}') {
        Optional<String> value = vars.apply(name);
        if (value.isEmpty() && keepUnset) return "${" + name + "}";
        return value.orElse("");
      }
      if (ch == '/') return replace(name);
      String modifier = Character.toString(ch);
      boolean nullIsUnset = false;
      if (ch == ':') {
        nullIsUnset = true;
        ch = next();
        modifier += ch == EOF ? "" : Character.toString(ch);
      } else if ("+-?#%".indexOf(ch) < 0) {
        throw new LexError("unsupported modifier (" + modifier + ") in substitution");
      }
      boolean pattern = ch == '#' || ch == '%';
      if (nullIsUnset && pattern) throw new LexError("unsupported modifier (" + modifier + ") in substitution");
      String word = untilClosingBrace(pattern);
      Optional<String> value = vars.apply(name);
      if (value.isEmpty() && keepUnset) return "${" + name + modifier + word + "}";
      boolean empty = value.isEmpty() || (nullIsUnset && value.get().isEmpty());
      return switch (ch) {
        case '-' -> empty ? word : value.get();
        case '+' -> empty ? "" : word;
        case '?' -> {
          if (value.isEmpty()) throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          if (empty) throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
          yield value.get();
        }
        case '#', '%' -> {
          boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
          String p = greedy ? word.substring(1) : word;
          String v = value.orElse("");
          yield ch == '%' ? ShellPattern.trimSuffix(p, v, greedy) : ShellPattern.trimPrefix(p, v, greedy);
        }
        default -> throw new LexError("unsupported modifier (" + modifier + ") in substitution");
      };
    }

    private String untilClosingBrace(boolean rawEscapes) {
      try {
        return process('}', rawEscapes).result;
      } catch (LexError e) {
        if (peek() == EOF) throw new LexError("syntax error: missing '}'");
        throw e;
      }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String replace(String name) {
      boolean all = peek() == '/';
      if (all) next();
      String pattern;
      try {
        pattern = process('/', true).result;
      } catch (LexError e) {
        if (peek() == EOF) throw new LexError("syntax error: missing '/' in ${}");
        throw e;
      }
      String replacement = untilClosingBrace(true);
      Optional<String> value = vars.apply(name);
      if (value.isEmpty() && keepUnset) return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
      return ShellPattern.replace(pattern, replacement, value.orElse(""), all);
    }

    /** A variable name: digits, one special parameter character, or letters, digits and {@code _}. */
    private String name() {
      StringBuilder name = new StringBuilder();
      if (Character.isDigit(peek())) {
        while (Character.isDigit(peek())) name.appendCodePoint(next());
        return name.toString();
      }
      if ("@*#?-$!0".indexOf(peek()) >= 0 && peek() != EOF) return Character.toString(next());
      while (peek() != EOF && (Character.isLetterOrDigit(peek()) || peek() == '_')) name.appendCodePoint(next());
      return name.toString();
    }
  }

  /** A lexing failure, wrapped into the user-facing error with the source word by {@link Lexer#run}. */
  static final class LexError extends RuntimeException {
    LexError(String message) { super(message, null, false, false); }
  }
}
