package io.berth.engine.build.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The glob patterns of {@code ${VAR#p}}, {@code ${VAR%p}} and {@code ${VAR/p/r}}: {@code ?} is one
 * character, {@code *} any run of characters, {@code \*}, {@code \?} and {@code \\} are literal (no
 * bracket expressions, as in docker). Longest/shortest suffix matching is done as docker does it: by
 * reversing both the pattern and the value and matching a prefix. Like Go's regexp, {@code ?} and
 * {@code *} do not match a newline.
 */
final class ShellPattern {
  private ShellPattern() {}

  static String trimPrefix(String pattern, String value, boolean greedy) {
    Matcher m = compile(pattern, greedy, true).matcher(value);
    return m.find() ? value.substring(m.end()) : value;
  }

  static String trimSuffix(String pattern, String value, boolean greedy) {
    return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
  }

  static String replace(String pattern, String replacement, String value, boolean all) {
    Matcher m = compile(pattern, true, false).matcher(value);
    String literal = Matcher.quoteReplacement(replacement);
    return all ? m.replaceAll(literal) : m.replaceFirst(literal);
  }

  private static Pattern compile(String pattern, boolean greedy, boolean anchored) {
    StringBuilder re = new StringBuilder(anchored ? "^" : "");
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      switch (c) {
        case '*' -> re.append(greedy ? ".*" : ".*?");
        case '?' -> re.append('.');
        case '\\' -> {
          int n = i + 1 < cps.length ? cps[i + 1] : -1;
          // "}" and "/" are escaped only so that they do not end the ${...}; the escape is not part of the pattern
          if (n == '}' || n == '/') continue;
          if (n != '*' && n != '?' && n != '\\') {
            String shown = n < 0 ? "" : Character.toString(n);
            throw new Substitution.LexError("invalid pattern (" + pattern + ") in substitution: invalid escape '\\" + shown + "'");
          }
          re.append('\\').appendCodePoint(n);
          i++;
        }
        default -> {
          if (!Character.isLetterOrDigit(c)) re.append('\\');
          re.appendCodePoint(c);
        }
      }
    }
    try {
      return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new Substitution.LexError("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
    }
  }

  /** Reverses a pattern but keeps each escape in front of the character it escapes ({@code a\*c} → {@code c\*a}). */
  private static String reversePattern(String pattern) {
    int[] cps = pattern.codePoints().toArray();
    int[] out = new int[cps.length];
    int last = cps.length - 1;
    for (int i = 0; i <= last; ) {
      if (cps[i] == '\\' && i != last) {
        out[last - i - 1] = cps[i];
        out[last - i] = cps[i + 1];
        i += 2;
      } else {
        out[last - i] = cps[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }
}
