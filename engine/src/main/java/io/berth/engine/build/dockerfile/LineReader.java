package io.berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a Dockerfile into logical lines the way docker's parser does: parser directives
 * at the top, full-line comments dropped (also inside a continuation), blank lines skipped, lines
 * ending in the escape character joined with the next (whitespace after the escape is allowed; empty
 * and comment lines inside a continuation are skipped), leading whitespace removed from the first
 * line of an instruction only. Heredoc bodies are read raw on request ({@link #heredoc}).
 */
final class LineReader {
  /** A logical line: {@code text} is the joined instruction, {@code start} its first physical line (1-based). */
  record Line(int start, String text, boolean emptyContinuation) {}

  /** A syntax error at a line, turned into {@code name:line: message} by the parser. */
  static final class SyntaxError extends RuntimeException {
    final int line;

    SyntaxError(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");

  private final List<String> lines;
  private int index; // physical lines consumed so far
  private boolean directivesDone;
  private final Set<String> seenDirectives = new HashSet<>();
  private char escape = '\\';
  private Optional<String> syntax = Optional.empty();

  LineReader(String text, boolean directives) {
    this.lines = physicalLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    this.directivesDone = !directives;
  }

  char escape() { return escape; }

  Optional<String> syntax() { return syntax; }

  /** The number of physical lines read so far (the line of the last one). */
  int lineNumber() { return index; }

  /** The next instruction line, or empty at the end of the text. */
  Optional<Line> next() {
    while (index < lines.size()) {
      String raw = stripNewline(lines.get(index++));
      String first = Text.trimLeft(raw);
      directive(first);
      if (isComment(first)) continue;
      int start = index;
      Continued c = continuation(first);
      if (!c.continues && c.text.isEmpty()) continue;
      StringBuilder text = new StringBuilder(c.text);
      boolean empty = false;
      while (c.continues && index < lines.size()) {
        String more = stripNewline(lines.get(index++));
        directive(more);
        if (isComment(Text.trimLeft(more))) continue;
        if (Text.trimLeft(more).isEmpty()) { // an empty continuation line: docker warns and skips it
          empty = true;
          continue;
        }
        c = continuation(more);
        text.append(c.text);
      }
      return Optional.of(new Line(start, text.toString(), empty));
    }
    return Optional.empty();
  }

  /**
   * Reads a heredoc body: the raw lines up to the one that is exactly {@code terminator} (after
   * removing its line ending and, for {@code <<-}, its leading tabs). The body keeps its line endings.
   */
  String heredoc(String terminator, boolean chomp, int startLine) {
    StringBuilder content = new StringBuilder();
    while (index < lines.size()) {
      String raw = lines.get(index++);
      String candidate = stripNewline(raw);
      if (chomp) candidate = stripLeadingTabs(candidate);
      if (candidate.equals(terminator)) return content.toString();
      content.append(raw);
    }
    throw new SyntaxError(startLine, "unterminated heredoc");
  }

  private void directive(String line) {
    if (directivesDone) return;
    if (!line.startsWith("#")) {
      directivesDone = true;
      return;
    }
    Matcher m = DIRECTIVE.matcher(Text.trimLeft(line.substring(1)));
    if (!m.matches()) {
      directivesDone = true;
      return;
    }
    String key = m.group(1).toLowerCase(Locale.ROOT);
    if (!DIRECTIVES.contains(key)) {
      directivesDone = true;
      return;
    }
    if (!seenDirectives.add(key)) throw new SyntaxError(index, "only one " + key + " parser directive can be used");
    String value = m.group(2);
    switch (key) {
      case "escape" -> {
        if (!value.equals("`") && !value.equals("\\")) {
          throw new SyntaxError(index, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
      }
      case "syntax" -> syntax = Optional.of(value);
      default -> { } // check=: build checks are BuildKit's linter; nothing to do here
    }
  }

  private record Continued(String text, boolean continues) {}

  /**
   * Docker's continuation rule: the escape character, then only spaces and tabs, at the end of the
   * line, and not itself escaped by an escape character right before it (a lone escape on a line
   * also continues). The escape and the whitespace after it are removed.
   */
  private Continued continuation(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
    if (end == 0 || line.charAt(end - 1) != escape) return new Continued(line, false);
    if (end >= 2 && line.charAt(end - 2) == escape) return new Continued(line, false);
    return new Continued(line.substring(0, end - 1), true);
  }

  private static boolean isComment(String leftTrimmed) {
    return leftTrimmed.startsWith("#");
  }

  private static String stripNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
    return s.substring(0, end);
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') i++;
    return s.substring(i);
  }

  /** Splits after each {@code \n}, keeping the line endings (a heredoc body keeps them). */
  private static List<String> physicalLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) out.add(text.substring(start));
    return out;
  }
}
