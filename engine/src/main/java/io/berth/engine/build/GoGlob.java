package io.berth.engine.build;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} for one path element, which COPY and ADD wildcards use: {@code *} any
 * run of non-separators, {@code ?} one, {@code [a-z]} and {@code [^a-z]} classes, {@code \} escapes.
 */
final class GoGlob {
  private GoGlob() {}

  static boolean hasMeta(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 < glob.length()) re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            re.append("\\[");
            break;
          }
          String body = glob.substring(i + 1, end);
          boolean negate = body.startsWith("^") || body.startsWith("!");
          if (negate) body = body.substring(1);
          re.append('[').append(negate ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
