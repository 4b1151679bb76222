package io.berth.engine.build.dockerfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.berth.engine.build.dockerfile.Instruction.KeyValue;
import io.berth.oci.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lexical forms of instruction arguments, as docker's line parsers split them: the keyword and
 * leading {@code --flags}, JSON arrays (exec form), whitespace lists, quote-aware words (quotes kept)
 * and the {@code name=value} / legacy {@code name value} pairs of ENV and LABEL.
 */
final class Syntax {
  private Syntax() {}

  /** A line split into its keyword (as written), its flags (quotes removed) and the rest (trimmed). */
  record Split(String keyword, List<String> flags, String rest) {}

  /** Arguments and whether they came from a JSON array. */
  record Args(List<String> values, boolean json) {
    static final Args NONE = new Args(List.of(), false);
  }

  /** A line-level syntax error; the parser adds the file and line. */
  static final class Error extends RuntimeException {
    Error(String message) { super(message, null, false, false); }
  }

  private static final ObjectReader JSON = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static Split split(String line, char escape) {
    List<String> parts = Text.splitBlank(Text.trim(line), 2);
    if (parts.size() < 2) return new Split(parts.getFirst(), List.of(), "");
    List<String> flags = new ArrayList<>();
    String rest = extractFlags(parts.get(1), escape, flags);
    return new Split(parts.getFirst(), List.copyOf(flags), Text.trim(rest));
  }

  /**
   * Leading words that start with {@code --} are flags (quotes removed, escapes applied); {@code --}
   * alone ends them. Returns the rest of the line from the first word that is not a flag.
   */
  private static String extractFlags(String line, char escape, List<String> flags) {
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    for (int pos = 0; pos <= line.length(); pos++) {
      boolean end = pos == line.length();
      char ch = end ? 0 : line.charAt(pos);
      if (!inWord && quote == 0) {
        if (end) break;
        if (Text.isSpace(ch)) continue;
        if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') return line.substring(pos);
        inWord = true;
      }
      if (end) {
        if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) flags.add(word.toString());
        break;
      }
      if (quote == 0) {
        if (Text.isSpace(ch)) {
          if (word.toString().equals("--")) return line.substring(pos);
          if (blankOk || !word.isEmpty()) flags.add(word.toString());
          word.setLength(0);
          inWord = false;
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          continue;
        }
      } else if (ch == quote) {
        quote = 0;
        continue;
      }
      if (ch == escape) {
        if (pos + 1 == line.length()) {
          quote = 0;
          continue; // an escape at the very end is dropped
        }
        ch = line.charAt(++pos);
      }
      word.append(ch);
    }
    return "";
  }

  /** RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD: a JSON array of strings, or else the whole text. */
  static Args maybeJson(String rest) {
    if (rest.isEmpty()) return Args.NONE;
    return json(rest).map(values -> new Args(values, true)).orElseGet(() -> new Args(List.of(rest), false));
  }

  /** ADD, COPY, VOLUME: a JSON array of strings, or else the whitespace-separated words. */
  static Args maybeJsonList(String rest) {
    return json(rest).map(values -> new Args(values, true)).orElseGet(() -> new Args(whitespaceList(rest), false));
  }

  /**
   * Parses {@code rest} as a JSON array of strings. Anything that is not valid JSON (or not an
   * array) is the shell form, as docker decides; a valid array with a non-string element is an error.
   */
  private static Optional<List<String>> json(String rest) {
    String text = Text.trimLeft(rest);
    if (!text.startsWith("[")) return Optional.empty();
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    if (node == null || !node.isArray()) return Optional.empty();
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) throw new Error("when using JSON array syntax, arrays must be comprised of strings only");
      values.add(element.textValue());
    }
    return Optional.of(List.copyOf(values));
  }

  /** EXPOSE, FROM and the shell forms of ADD/COPY/VOLUME: split on blanks, quotes not considered. */
  static List<String> whitespaceList(String rest) {
    if (rest.isEmpty()) return List.of();
    List<String> parts = Text.splitBlank(rest, 0);
    if (parts.getLast().isEmpty()) parts = parts.subList(0, parts.size() - 1);
    return List.copyOf(parts);
  }

  /**
   * Words separated by unquoted whitespace; quotes and escapes are <em>kept</em> (they are removed
   * when the value is expanded), except an escape at the very end, which is dropped.
   */
  static List<String> words(String rest, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    int quote = 0;
    int[] cps = rest.codePoints().toArray();
    for (int pos = 0; pos < cps.length; pos++) {
      int ch = cps[pos];
      if (!inWord) {
        if (Text.isSpace(ch)) continue;
        inWord = true;
      }
      if (quote == 0) {
        if (Text.isSpace(ch)) {
          if (blankOk || !word.isEmpty()) words.add(word.toString());
          word.setLength(0);
          inWord = false;
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
        } else if (ch == escape) {
          if (pos + 1 == cps.length) continue;
          word.appendCodePoint(ch);
          ch = cps[++pos];
        }
        word.appendCodePoint(ch);
        continue;
      }
      int q = quote;
      if (ch == q) quote = 0;
      if (ch == escape && q != '\'') {
        if (pos + 1 == cps.length) {
          quote = 0;
          continue;
        }
        word.appendCodePoint(ch);
        ch = cps[++pos];
      }
      word.appendCodePoint(ch);
    }
    if (inWord && (blankOk || !word.isEmpty())) words.add(word.toString());
    return List.copyOf(words);
  }

  /**
   * ENV and LABEL: {@code k=v ...} (keys and values raw), or, when the first word has no {@code =},
   * the legacy {@code k v}: one pair whose value is everything after the first blank run.
   */
  static List<KeyValue> nameValues(String rest, String keyword, char escape) {
    List<String> words = words(rest, escape);
    if (words.isEmpty()) return List.of();
    if (!words.getFirst().contains("=")) {
      List<String> parts = Text.splitBlank(rest, 2);
      if (parts.size() < 2) throw new Error(keyword + " must have two arguments");
      return List.of(new KeyValue(parts.get(0), parts.get(1)));
    }
    List<KeyValue> pairs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new Error("Syntax error - can't find = in " + Text.goQuote(word) + ". Must be of the form: name=value");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return List.copyOf(pairs);
  }
}
