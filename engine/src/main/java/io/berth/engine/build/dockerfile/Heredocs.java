package io.berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredoc words of a RUN/COPY/ADD line ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"},
 * {@code 2<<EOF}) as docker does: the line is split into shell words (quotes and escapes kept, a
 * blank after {@code <<} ignored), and each word that is {@code [fd]<<[-]name} is a heredoc whose
 * name is the word with quotes removed; any quoting turns expansion off.
 */
final class Heredocs {
  private Heredocs() {}

  /** A heredoc word: its delimiter, whether its body is expanded and whether {@code <<-} strips tabs. */
  record Word(String name, boolean expand, boolean chomp) {}

  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");
  private static final Substitution UNQUOTE = new Substitution('\\', true);

  /** The heredocs a line announces, in order. */
  static List<Word> inLine(String line) {
    List<Word> found = new ArrayList<>();
    if (!line.contains("<<")) return found;
    for (String word : shellWords(line)) parse(word).ifPresent(found::add);
    return found;
  }

  /** The heredoc a single word announces, if it is one ({@code COPY <<EOF /dest} sources). */
  static Optional<Word> parse(String word) {
    Matcher m = HEREDOC.matcher(word);
    if (!m.matches() || m.group(3).isEmpty()) return Optional.empty();
    String rest = m.group(3);
    List<String> names;
    try {
      names = UNQUOTE.words(rest, name -> Optional.empty());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (names.size() != 1) return Optional.empty();
    return Optional.of(new Word(names.getFirst(), !quoted(rest), m.group(2).equals("-")));
  }

  /** Whether a quote character (not escaped by a backslash) quotes part of the word. */
  private static boolean quoted(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\\') i++;
      else if (c == '"' || c == '\'') return true;
    }
    return false;
  }

  /**
   * Splits on unquoted, unescaped whitespace keeping quotes and escapes, and joins {@code <<} with
   * the word after it. An unterminated quote yields no words (docker then finds no heredoc).
   */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        word.append(c);
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < line.length()) word.append(line.charAt(++i));
      } else if (c == '\\') {
        word.append(c);
        if (i + 1 < line.length()) word.append(line.charAt(++i));
      } else if (c == '\'' || c == '"') {
        quote = c;
        word.append(c);
      } else if (c == '<' && i + 1 < line.length() && line.charAt(i + 1) == '<') {
        word.append("<<");
        i++;
        while (i + 1 < line.length() && (line.charAt(i + 1) == ' ' || line.charAt(i + 1) == '\t' || line.charAt(i + 1) == '\r')) i++;
      } else if (Text.isSpace(c)) {
        if (!word.isEmpty()) words.add(word.toString());
        word.setLength(0);
      } else {
        word.append(c);
      }
    }
    if (quote != 0) return List.of();
    if (!word.isEmpty()) words.add(word.toString());
    return words;
  }
}
