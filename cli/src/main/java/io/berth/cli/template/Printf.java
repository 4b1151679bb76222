package io.berth.cli.template;

import java.math.BigDecimal;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf} for the verbs templates use: {@code %v %s %q %d %x %X %o %b %c %t %f
 * %e %g %%} with the flags {@code - + 0 space #}, width and precision, and Go's markers for
 * mistakes ({@code %!d(string=x)}, {@code %!s(MISSING)}, {@code %!(EXTRA ...)}).
 */
final class Printf {
  private Printf() {}

  static String sprintf(GoValues values, String format, List<Val> args) {
    var sb = new StringBuilder();
    int argi = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        sb.append(c);
        i++;
        continue;
      }
      i++;
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      boolean sharp = false;
      for (; i < format.length(); i++) {
        char f = format.charAt(i);
        if (f == '-') minus = true;
        else if (f == '+') plus = true;
        else if (f == '0') zero = true;
        else if (f == ' ') space = true;
        else if (f == '#') sharp = true;
        else break;
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) i++;
      if (i > start) width = Integer.parseInt(format.substring(start, i));
      int prec = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        i++;
        start = i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) i++;
        prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
      }
      if (i >= format.length()) {
        sb.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      if (verb == '%') {
        sb.append('%');
        continue;
      }
      if (argi >= args.size()) {
        sb.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Val arg = args.get(argi++);
      String s = verb(values, verb, arg, prec, plus, space, sharp);
      if (s == null) s = "%!" + verb + "(" + arg.goType(null) + "=" + values.format(arg) + ")";
      if (width > s.length()) {
        String pad = (zero && !minus && "dxXobfeEgG".indexOf(verb) >= 0 ? "0" : " ").repeat(width - s.length());
        if (minus) s = s + pad;
        else if (pad.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) s = s.charAt(0) + pad + s.substring(1);
        else s = pad + s;
      }
      sb.append(s);
    }
    if (argi < args.size()) {
      sb.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        if (k > argi) sb.append(", ");
        Val a = args.get(k);
        sb.append(a.goType(null)).append('=').append(values.format(a));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String verb(GoValues values, char verb, Val arg, int prec, boolean plus, boolean space, boolean sharp) {
    Object o = arg.v();
    switch (verb) {
      case 'v' -> {
        return o == null ? "<nil>" : values.format(arg);
      }
      case 's' -> {
        if (o instanceof Number || o instanceof Boolean) return null;
        String s = o == null ? "%!s(<nil>)" : values.format(arg);
        return prec >= 0 && prec < s.length() ? s.substring(0, prec) : s;
      }
      case 'q' -> {
        if (o instanceof String s) return sharp && !s.contains("`") ? "`" + s + "`" : GoStrings.quote(s);
        if (o instanceof Long l) return "'" + new String(Character.toChars((int) (long) l)) + "'";
        return null;
      }
      case 't' -> {
        return o instanceof Boolean b ? b.toString() : null;
      }
      case 'd', 'x', 'X', 'o', 'b', 'c' -> {
        Long l = integral(o);
        if (l == null) {
          if (o instanceof String s && (verb == 'x' || verb == 'X')) {
            var sb = new StringBuilder();
            for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) sb.append(String.format("%02x", b));
            return verb == 'X' ? sb.toString().toUpperCase() : sb.toString();
          }
          return null;
        }
        String sign = l < 0 ? "-" : plus ? "+" : space ? " " : "";
        long abs = Math.abs(l);
        return switch (verb) {
          case 'd' -> sign + abs;
          case 'x' -> sign + (sharp ? "0x" : "") + Long.toHexString(abs);
          case 'X' -> sign + (sharp ? "0X" : "") + Long.toHexString(abs).toUpperCase();
          case 'o' -> sign + (sharp ? "0" : "") + Long.toOctalString(abs);
          case 'b' -> sign + Long.toBinaryString(abs);
          default -> new String(Character.toChars((int) (long) l));
        };
      }
      case 'f', 'F', 'e', 'E', 'g', 'G' -> {
        if (!(o instanceof Number n)) return null;
        double d = n.doubleValue();
        String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : plus ? "+" : space ? " " : "";
        double abs = Math.abs(d);
        String body = switch (verb) {
          case 'f', 'F' -> new BigDecimal(abs).setScale(prec < 0 ? 6 : prec, java.math.RoundingMode.HALF_EVEN).toPlainString();
          case 'e', 'E' -> goExp(String.format("%." + (prec < 0 ? 6 : prec) + "e", abs));
          default -> prec < 0 ? values.format(Val.of(abs)) : io.berth.cli.format.Units.formatG(abs, Math.max(prec, 1));
        };
        if (verb == 'E' || verb == 'G') body = body.toUpperCase();
        return sign + body;
      }
      default -> {
        return "%!" + verb + "(" + arg.goType(null) + "=" + values.format(arg) + ")";
      }
    }
  }

  /** Java's 1.5e+01 style is Go's too, but Java pads the exponent to two digits already; keep it. */
  private static String goExp(String javaExp) { return javaExp; }

  private static Long integral(Object o) {
    if (o instanceof Long l) return l;
    if (o instanceof Integer i) return (long) i;
    if (o instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) return d.longValue();
    return null;
  }
}
