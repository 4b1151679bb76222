package io.berth.client.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A strict RFC 8259 parser into the package's immutable tree (see {@code package-info}).
 *
 * <p>Strict: no comments, no single quotes, no trailing commas, no leading zeros or {@code +}, no
 * raw control characters in strings, no {@code NaN}, no byte-order mark, and nothing but
 * whitespace after the value; bytes must be valid UTF-8. A repeated key keeps its first position and
 * its last value (as Jackson's trees do). Nesting deeper than {@value #MAX_DEPTH} is refused, so hostile input cannot
 * overflow the stack. Errors are {@link JsonException}s naming the line and column.
 *
 * <p>Instances are single-use and not thread-safe; the static methods are thread-safe.
 */
public final class JsonReader {
  static final int MAX_DEPTH = 1000;
  private static final int EOF = -1;

  private final Reader source; // null when the whole text is in buf
  private char[] buf;
  private int pos;
  private int limit;
  private int line = 1;
  private int lineStart; // offset (in characters consumed overall) where the current line began
  private long consumedBefore; // characters consumed before buf[0]
  private final StringBuilder scratch = new StringBuilder();

  private JsonReader(char[] text) {
    this.source = null;
    this.buf = text;
    this.limit = text.length;
  }

  private JsonReader(Reader source) {
    this.source = source;
    this.buf = new char[8192];
  }

  /** Parses one JSON document; anything but whitespace after it is an error. */
  public static Object parse(String text) {
    var r = new JsonReader(text.toCharArray());
    return r.document();
  }

  /** Parses one UTF-8 encoded JSON document. */
  public static Object parse(byte[] utf8) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new JsonException("invalid json: input is not valid UTF-8");
    }
    return parse(text);
  }

  /** Parses a JSON object document; any other top-level value is an error. */
  public static Map<String, Object> parseObject(byte[] utf8) {
    return JsonFields.asObject(parse(utf8), "document");
  }

  /** Parses a JSON array document; any other top-level value is an error. */
  public static List<Object> parseArray(byte[] utf8) {
    return JsonFields.asArray(parse(utf8), "document");
  }

  /**
   * Reads a stream of whitespace-separated JSON values (the Engine API's progress streams: one
   * object per line), handing each to {@code each} as soon as it is complete. Returns at the end of
   * the stream; I/O errors are thrown as {@link UncheckedIOException}.
   */
  public static void readValues(InputStream in, Consumer<Object> each) {
    var r = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    while (true) {
      r.skipWhitespace();
      if (r.peek() == EOF) return;
      each.accept(r.value(0));
    }
  }

  /**
   * As {@link #readValues}, pulled: each {@code next()} blocks until the next value is complete;
   * {@code hasNext()} blocks until a value starts or the stream ends. Malformed input throws
   * {@link JsonException} and I/O errors {@link UncheckedIOException}, from either method.
   */
  public static java.util.Iterator<Object> values(InputStream in) {
    var r = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    return new java.util.Iterator<>() {
      @Override public boolean hasNext() {
        r.skipWhitespace();
        return r.peek() != EOF;
      }

      @Override public Object next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        return r.value(0);
      }
    };
  }

  private Object document() {
    skipWhitespace();
    if (peek() == EOF) throw error("unexpected end of input, expected a value");
    Object v = value(0);
    skipWhitespace();
    if (peek() != EOF) throw error("unexpected " + describe(peek()) + " after the value");
    return v;
  }

  private Object value(int depth) {
    int c = peek();
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) yield number();
        throw error(c == EOF ? "unexpected end of input, expected a value" : "unexpected " + describe(c) + ", expected a value");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
    next(); // '{'
    var map = new LinkedHashMap<String, Object>();
    skipWhitespace();
    if (peek() == '}') {
      next();
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') throw error("expected a string key, got " + describe(peek()));
      String key = string();
      skipWhitespace();
      if (peek() != ':') throw error("expected ':' after object key \"" + key + "\", got " + describe(peek()));
      next();
      skipWhitespace();
      map.put(key, value(depth));
      skipWhitespace();
      int c = next();
      if (c == '}') return Collections.unmodifiableMap(map);
      if (c != ',') throw errorBefore("expected ',' or '}' in object, got " + describe(c));
    }
  }

  private List<Object> array(int depth) {
    if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
    next(); // '['
    var list = new ArrayList<Object>();
    skipWhitespace();
    if (peek() == ']') {
      next();
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth));
      skipWhitespace();
      int c = next();
      if (c == ']') return Collections.unmodifiableList(list);
      if (c != ',') throw errorBefore("expected ',' or ']' in array, got " + describe(c));
    }
  }

  private String string() {
    next(); // opening quote
    scratch.setLength(0);
    while (true) {
      int c = next();
      if (c == '"') return scratch.toString();
      if (c == EOF) throw error("unexpected end of input in a string");
      if (c < 0x20) throw errorBefore("control character " + describe(c) + " in a string must be escaped");
      if (c != '\\') {
        scratch.append((char) c);
        continue;
      }
      int e = next();
      switch (e) {
        case '"', '\\', '/' -> scratch.append((char) e);
        case 'b' -> scratch.append('\b');
        case 'f' -> scratch.append('\f');
        case 'n' -> scratch.append('\n');
        case 'r' -> scratch.append('\r');
        case 't' -> scratch.append('\t');
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int h = next();
            int d = Character.digit(h, 16);
            if (h == EOF || d < 0) throw errorBefore("invalid \\u escape: expected a hex digit, got " + describe(h));
            code = code * 16 + d;
          }
          scratch.append((char) code);
        }
        default -> throw errorBefore("invalid escape " + (e == EOF ? "at end of input" : "'\\" + (char) e + "'") + " in a string");
      }
    }
  }

  private Object literal(String word, Object value) {
    for (int i = 0; i < word.length(); i++) {
      int c = next();
      if (c != word.charAt(i)) throw errorBefore("unexpected " + describe(c) + ", expected '" + word + "'");
    }
    int c = peek();
    if (Character.isLetterOrDigit(c)) throw error("unexpected " + describe(c) + " after '" + word + "'");
    return value;
  }

  private Object number() {
    scratch.setLength(0);
    boolean integral = true;
    if (peek() == '-') scratch.append((char) next());
    int c = peek();
    if (c == '0') {
      scratch.append((char) next());
      if (isDigit(peek())) throw error("leading zeros are not allowed in numbers");
    } else if (isDigit(c)) {
      digits();
    } else {
      throw error("expected a digit after '-', got " + describe(c));
    }
    if (peek() == '.') {
      integral = false;
      scratch.append((char) next());
      if (!isDigit(peek())) throw error("expected a digit after the decimal point, got " + describe(peek()));
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      scratch.append((char) next());
      if (peek() == '+' || peek() == '-') scratch.append((char) next());
      if (!isDigit(peek())) throw error("expected a digit in the exponent, got " + describe(peek()));
      digits();
    }
    c = peek();
    if (Character.isLetter(c) || c == '.' || c == '+' || c == '-') throw error("unexpected " + describe(c) + " in a number");
    String text = scratch.toString();
    if (integral && text.length() <= 18) return Long.parseLong(text);
    BigDecimal d = new BigDecimal(text);
    if (integral) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException tooBig) {
        return d;
      }
    }
    return d;
  }

  private void digits() {
    while (isDigit(peek())) scratch.append((char) next());
  }

  private static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

  private void skipWhitespace() {
    while (true) {
      int c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      next();
    }
  }

  // ---- characters ------------------------------------------------------------------------------

  private int peek() {
    if (pos == limit && !fill()) return EOF;
    return buf[pos];
  }

  private int next() {
    if (pos == limit && !fill()) return EOF;
    char c = buf[pos++];
    if (c == '\n') {
      line++;
      lineStart = (int) Math.min(Integer.MAX_VALUE, consumedBefore + pos);
    }
    return c;
  }

  private boolean fill() {
    if (source == null) return false;
    try {
      consumedBefore += limit;
      pos = 0;
      limit = 0;
      int n = source.read(buf, 0, buf.length);
      if (n <= 0) return false;
      limit = n;
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw error("input is not valid UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(int c) {
    if (c == EOF) return "end of input";
    if (c < 0x20 || c == 0x7f) return String.format("U+%04X", c);
    return "'" + (char) c + "'";
  }

  /** An error at the next unread character. */
  private JsonException error(String what) {
    return at(column(0), what);
  }

  /** An error at the character just read. */
  private JsonException errorBefore(String what) {
    return at(column(-1), what);
  }

  private long column(int delta) {
    return consumedBefore + pos + delta - lineStart + 1;
  }

  private JsonException at(long column, String what) {
    return new JsonException("invalid json at line " + line + ", column " + Math.max(1, column) + ": " + what);
  }
}
