package io.berth.engine.build.dockerfile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An instruction's {@code --flags}, checked against the flags it declares, with docker's messages
 * ({@code Unknown flag: foo}, {@code Missing a value on flag: from}, {@code Duplicate flag
 * specified: chown}, {@code Expecting boolean value for flag link, not: maybe}).
 */
public final class Flags {
  private enum Type { BOOL, STRING, STRINGS }

  /** One declared flag and what the instruction gave for it. */
  static final class Flag {
    private final Type type;
    private boolean used;
    private String value = "";
    private final List<String> values = new ArrayList<>();

    private Flag(Type type) { this.type = type; }

    boolean used() { return used; }

    boolean isTrue() { return type == Type.BOOL && value.equals("true"); }

    /** A string flag's value; empty when absent or given as {@code --flag=}. */
    Optional<String> value() { return value.isEmpty() ? Optional.empty() : Optional.of(value); }

    String raw() { return value; }

    List<String> values() { return List.copyOf(values); }
  }

  private final List<String> args;
  private final Map<String, Flag> declared = new LinkedHashMap<>();

  Flags(List<String> args) { this.args = args; }

  Flag bool(String name) { return declare(name, Type.BOOL); }

  Flag string(String name) { return declare(name, Type.STRING); }

  Flag strings(String name) { return declare(name, Type.STRINGS); }

  private Flag declare(String name, Type type) {
    Flag flag = new Flag(type);
    declared.put(name, flag);
    return flag;
  }

  /** Checks the given flags against the declared ones. */
  void parse() {
    Map<String, Flag> used = new HashMap<>();
    for (String arg : args) {
      if (arg.equals("--")) return;
      if (!arg.startsWith("--")) throw new Syntax.Error("Arg should start with -- : " + arg);
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      boolean hasValue = eq >= 0;
      String value = hasValue ? name.substring(eq + 1) : "";
      if (hasValue) name = name.substring(0, eq);
      Flag flag = declared.get(name);
      if (flag == null) throw new Syntax.Error("Unknown flag: " + name);
      if (used.containsKey(name) && flag.type != Type.STRINGS) throw new Syntax.Error("Duplicate flag specified: " + name);
      used.put(name, flag);
      flag.used = true;
      switch (flag.type) {
        case BOOL -> {
          if (hasValue && value.isEmpty()) throw new Syntax.Error("Missing a value on flag: " + name);
          String lower = value.toLowerCase(Locale.ROOT);
          if (lower.isEmpty()) flag.value = "true";
          else if (lower.equals("true") || lower.equals("false")) flag.value = lower;
          else throw new Syntax.Error("Expecting boolean value for flag " + name + ", not: " + value);
        }
        case STRING -> {
          if (!hasValue) throw new Syntax.Error("Missing a value on flag: " + name);
          flag.value = value;
        }
        case STRINGS -> {
          if (!hasValue) throw new Syntax.Error("Missing a value on flag: " + name);
          flag.values.add(value);
        }
      }
    }
  }

  /**
   * A HEALTHCHECK duration flag: empty when not given (or given empty or zero, docker's "use the
   * default"), else the text as written once Go's {@code time.ParseDuration} accepts it and it is at
   * least 1ms.
   */
  static Optional<String> interval(String name, Flag flag) {
    String s = flag.raw();
    if (s.isEmpty()) return Optional.empty();
    long nanos = parseDuration(s);
    if (nanos == 0) return Optional.empty();
    if (nanos < 1_000_000L) throw new Syntax.Error("Interval \"" + name + "\" cannot be less than 1ms");
    return Optional.of(s);
  }

  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /** Go's {@code time.ParseDuration}, in nanoseconds, with Go's error messages. */
  public static long parseDuration(String orig) {
    String s = orig;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) return 0;
    Syntax.Error invalid = new Syntax.Error("time: invalid duration " + Text.goQuote(orig));
    if (s.isEmpty()) throw invalid;
    BigInteger total = BigInteger.ZERO;
    while (!s.isEmpty()) {
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
      String whole = s.substring(0, i);
      String fraction = "";
      boolean hasFraction = false;
      if (i < s.length() && s.charAt(i) == '.') {
        int j = ++i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        fraction = s.substring(j, i);
        hasFraction = true;
      }
      if (whole.isEmpty() && fraction.isEmpty()) throw invalid;
      int u = i;
      while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) u++;
      if (u == i) throw new Syntax.Error("time: missing unit in duration " + Text.goQuote(orig));
      String unit = s.substring(i, u);
      Long scale = UNITS.get(unit);
      if (scale == null) {
        throw new Syntax.Error("time: unknown unit " + Text.goQuote(unit) + " in duration " + Text.goQuote(orig));
      }
      BigDecimal number = new BigDecimal((whole.isEmpty() ? "0" : whole) + (hasFraction && !fraction.isEmpty() ? "." + fraction : ""));
      total = total.add(number.multiply(BigDecimal.valueOf(scale)).toBigInteger());
      if (total.bitLength() > 63) throw invalid;
      s = s.substring(u);
    }
    return negative ? -total.longValueExact() : total.longValueExact();
  }
}
