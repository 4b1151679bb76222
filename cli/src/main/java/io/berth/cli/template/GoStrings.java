package io.berth.cli.template;

import io.berth.cli.format.Units;

/** Go's string literal rules: {@code strconv.Quote}, {@code strconv.Unquote} and {@code %#U}. */
final class GoStrings {
  private GoStrings() {}

  static String quote(String s) { return Units.goQuote(s); }

  /** {@code %#U}: {@code U+0023 '#'}. */
  static String unicodeName(int cp) {
    return String.format("U+%04X '%s'", cp, new String(Character.toChars(cp)));
  }

  /** Decodes a Go string ("..." or `...`) or character ('x') literal; throws with Go's wording. */
  static String unquote(String lit) {
    char q = lit.charAt(0);
    String body = lit.substring(1, lit.length() - 1);
    if (q == '`') return body.replace("\r", "");
    var sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= body.length()) throw new IllegalArgumentException("invalid syntax");
      char e = body.charAt(i);
      switch (e) {
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append('\u000b');
        case '\\' -> sb.append('\\');
        case '"', '\'' -> {
          if (e != q) throw new IllegalArgumentException("invalid syntax");
          sb.append(e);
        }
        case 'x' -> {
          sb.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        case 'U' -> {
          sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            sb.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
            i += 2;
          } else {
            throw new IllegalArgumentException("invalid syntax");
          }
        }
      }
    }
    return sb.toString();
  }
}
