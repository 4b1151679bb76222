package io.berth.cli.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's template lexer ({@code text/template/parse/lex.go}) with the default delimiters: text,
 * actions with trim markers ({@code "{{- "}, {@code " -}}"}), comments, and the tokens inside
 * actions. A lexical error becomes an {@link Kind#ERROR} item at the place it happened, so the
 * parser reports errors in Go's order.
 */
final class Lexer {
  enum Kind {
    ERROR, EOF, TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, FIELD, VARIABLE, IDENTIFIER, STRING, RAW_STRING,
    CHAR_CONSTANT, NUMBER, BOOL, NIL, DOT, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, CHAR,
    // keywords (Go prints them as <word>)
    IF, ELSE, END, RANGE, WITH, BREAK, CONTINUE, DEFINE, TEMPLATE, BLOCK;

    boolean keyword() { return ordinal() >= IF.ordinal(); }
  }

  record Item(Kind kind, int pos, String val, int line) {
    /** Go's {@code item.String()}, used in "unexpected ... in ..." messages. */
    @Override public String toString() {
      if (kind == Kind.EOF) return "EOF";
      if (kind == Kind.ERROR) return val;
      if (kind.keyword()) return "<" + val + ">";
      if (val.codePointCount(0, val.length()) > 10) {
        return GoStrings.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
      }
      return GoStrings.quote(val);
    }
  }

  private static final Map<String, Kind> KEYWORDS = Map.of("if", Kind.IF, "else", Kind.ELSE, "end", Kind.END,
      "range", Kind.RANGE, "with", Kind.WITH, "break", Kind.BREAK, "continue", Kind.CONTINUE,
      "define", Kind.DEFINE, "template", Kind.TEMPLATE, "block", Kind.BLOCK);

  private final String in;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;

  private Lexer(String in) { this.in = in; }

  static List<Item> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.items;
  }

  private void run() {
    while (true) {
      if (!text()) return;
      if (!action()) return;
    }
  }

  // ---- text and delimiters -----------------------------------------------------------------------

  /** Emits text up to the next action; false at EOF (EOF emitted). */
  private boolean text() {
    int x = in.indexOf("{{", pos);
    if (x < 0) {
      pos = in.length();
      if (pos > start) emit(Kind.TEXT);
      emit(Kind.EOF);
      return false;
    }
    pos = x;
    int trim = hasLeftTrimMarker(x + 2) ? rightTrimLength(start, pos) : 0;
    pos -= trim;
    if (pos > start) emit(Kind.TEXT);
    pos += trim;
    ignore();
    return true;
  }

  /** At "{{": a comment or an action; false when lexing must stop. */
  private boolean action() {
    pos += 2;
    boolean trim = hasLeftTrimMarker(pos);
    int after = trim ? 2 : 0;
    if (in.startsWith("/*", pos + after)) {
      pos += after;
      ignore();
      return comment();
    }
    Item delim = new Item(Kind.LEFT_DELIM, start, "{{", startLine);
    items.add(delim);
    pos += after;
    ignore();
    parenDepth = 0;
    return insideAction();
  }

  private boolean comment() {
    pos += 2;
    int x = in.indexOf("*/", pos);
    if (x < 0) return error("unclosed comment");
    pos = x + 2;
    int delim = atRightDelim();
    if (delim < 0) return error("comment ends before closing delimiter");
    pos += delim == 1 ? 4 : 2;
    if (delim == 1) pos += leftTrimLength(pos);
    ignore();
    return true;
  }

  /** -1: not at "}}"; 0: at "}}"; 1: at " -}}". */
  private int atRightDelim() {
    if (pos + 1 < in.length() && isSpace(in.charAt(pos)) && in.charAt(pos + 1) == '-' && in.startsWith("}}", pos + 2)) return 1;
    return in.startsWith("}}", pos) ? 0 : -1;
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < in.length() && in.charAt(at) == '-' && isSpace(in.charAt(at + 1));
  }

  private int rightTrimLength(int from, int to) {
    int n = to;
    while (n > from && isSpace(in.charAt(n - 1))) n--;
    return to - n;
  }

  private int leftTrimLength(int from) {
    int n = from;
    while (n < in.length() && isSpace(in.charAt(n))) n++;
    return n - from;
  }

  // ---- inside an action --------------------------------------------------------------------------

  private boolean insideAction() {
    while (true) {
      int delim = atRightDelim();
      if (delim >= 0) {
        if (parenDepth != 0) return error("unclosed left paren");
        if (delim == 1) pos += 2;
        pos += 2;
        emit(Kind.RIGHT_DELIM);
        if (delim == 1) {
          pos += leftTrimLength(pos);
          ignore();
        }
        return true;
      }
      if (pos >= in.length()) return error("unclosed action");
      char c = in.charAt(pos);
      if (isSpace(c)) {
        space();
        continue;
      }
      pos++;
      switch (c) {
        case '=' -> emit(Kind.ASSIGN);
        case ':' -> {
          if (pos >= in.length() || in.charAt(pos) != '=') return error("expected :=");
          pos++;
          emit(Kind.DECLARE);
        }
        case '|' -> emit(Kind.PIPE);
        case '"' -> {
          if (!quote()) return false;
        }
        case '`' -> {
          int end = in.indexOf('`', pos);
          if (end < 0) return error("unterminated raw quoted string");
          pos = end + 1;
          emit(Kind.RAW_STRING);
        }
        case '$' -> {
          if (!fieldOrVariable(Kind.VARIABLE)) return false;
        }
        case '\'' -> {
          if (!charConstant()) return false;
        }
        case '(' -> {
          parenDepth++;
          emit(Kind.LEFT_PAREN);
        }
        case ')' -> {
          parenDepth--;
          if (parenDepth < 0) return error("unexpected right paren");
          emit(Kind.RIGHT_PAREN);
        }
        default -> {
          if (c == '.' && pos < in.length() && !(in.charAt(pos) >= '0' && in.charAt(pos) <= '9')) {
            if (!fieldOrVariable(Kind.FIELD)) return false;
          } else if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
            pos--;
            if (!number()) return false;
          } else if (isAlphaNumeric(c)) {
            pos--;
            if (!identifier()) return false;
          } else if (c < 0x80 && c >= 0x20 && c != 0x7f) {
            emit(Kind.CHAR);
          } else {
            int cp = in.codePointAt(pos - 1);
            return error("unrecognized character in action: " + GoStrings.unicodeName(cp));
          }
        }
      }
    }
  }

  private void space() {
    int n = 0;
    while (pos < in.length() && isSpace(in.charAt(pos))) {
      pos++;
      n++;
    }
    // " -}}" is a trim marker, not a space token followed by "-"
    if (pos < in.length() && in.charAt(pos) == '-' && in.startsWith("}}", pos + 1)) {
      pos--;
      if (n == 1) return;
    }
    emit(Kind.SPACE);
  }

  private boolean quote() {
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') return error("unterminated quoted string");
      char c = in.charAt(pos++);
      if (c == '\\') {
        if (pos >= in.length() || in.charAt(pos) == '\n') return error("unterminated quoted string");
        pos++;
      } else if (c == '"') {
        emit(Kind.STRING);
        return true;
      }
    }
  }

  private boolean charConstant() {
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') return error("unterminated character constant");
      char c = in.charAt(pos++);
      if (c == '\\') {
        if (pos >= in.length() || in.charAt(pos) == '\n') return error("unterminated character constant");
        pos++;
      } else if (c == '\'') {
        emit(Kind.CHAR_CONSTANT);
        return true;
      }
    }
  }

  private boolean fieldOrVariable(Kind kind) {
    if (atTerminator()) {
      emit(kind == Kind.VARIABLE ? Kind.VARIABLE : Kind.DOT);
      return true;
    }
    while (pos < in.length() && isAlphaNumeric(in.charAt(pos))) pos++;
    if (!atTerminator()) return error("bad character " + GoStrings.unicodeName(in.codePointAt(pos)));
    emit(kind);
    return true;
  }

  private boolean identifier() {
    while (pos < in.length() && isAlphaNumeric(in.charAt(pos))) pos++;
    if (!atTerminator()) return error("bad character " + GoStrings.unicodeName(in.codePointAt(pos)));
    String word = in.substring(start, pos);
    Kind k = KEYWORDS.get(word);
    if (k != null) emit(k);
    else if (word.equals("true") || word.equals("false")) emit(Kind.BOOL);
    else if (word.equals("nil")) emit(Kind.NIL);
    else emit(Kind.IDENTIFIER);
    return true;
  }

  private boolean number() {
    if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) pos++;
    String digits = "0123456789_";
    if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
      pos += 2;
      digits = "0123456789abcdefABCDEF_";
    } else if (in.startsWith("0b", pos) || in.startsWith("0B", pos)) {
      pos += 2;
      digits = "01_";
    } else if (in.startsWith("0o", pos) || in.startsWith("0O", pos)) {
      pos += 2;
      digits = "01234567_";
    }
    accept(digits);
    if (pos < in.length() && in.charAt(pos) == '.') {
      pos++;
      accept(digits);
    }
    if (digits.length() == 11 && pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      pos++;
      if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) pos++;
      accept("0123456789_");
    }
    if (pos < in.length() && in.charAt(pos) == 'i') pos++;
    if (pos < in.length() && isAlphaNumeric(in.charAt(pos))) {
      pos++;
      return error("bad number syntax: " + GoStrings.quote(in.substring(start, pos)));
    }
    emit(Kind.NUMBER);
    return true;
  }

  private void accept(String valid) {
    while (pos < in.length() && valid.indexOf(in.charAt(pos)) >= 0) pos++;
  }

  private boolean atTerminator() {
    if (pos >= in.length()) return true;
    char c = in.charAt(pos);
    if (isSpace(c)) return true;
    return switch (c) {
      case '.', ',', '|', ':', ')', '(' -> true;
      default -> in.startsWith("}}", pos);
    };
  }

  // ---- emitting ----------------------------------------------------------------------------------

  private void emit(Kind k) {
    items.add(new Item(k, start, in.substring(start, pos), startLine));
    ignore();
  }

  private void ignore() {
    for (int i = start; i < pos && i < in.length(); i++) if (in.charAt(i) == '\n') line++;
    start = pos;
    startLine = line;
  }

  private boolean error(String message) {
    items.add(new Item(Kind.ERROR, start, message, startLine));
    return false;
  }

  static boolean isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  static boolean isAlphaNumeric(char c) { return c == '_' || Character.isLetterOrDigit(c); }
}
