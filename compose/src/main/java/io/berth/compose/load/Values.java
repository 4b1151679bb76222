package io.berth.compose.load;

import io.berth.compose.ComposeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads of raw tree values; strings are accepted where numbers or booleans are (interpolation yields strings). */
final class Values {
  private Values() {}

  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? Merger.castMap(m) : Map.of();
  }

  static List<Object> list(Object o) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of(o);
  }

  static List<String> strings(Object o) {
    return list(o).stream().map(Values::str).toList();
  }

  static Optional<String> optStr(Object o) {
    return Optional.ofNullable(o).map(Values::str);
  }

  /** A scalar as compose prints it: integral numbers without {@code .0}. */
  static String str(Object o) {
    if (o instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(o);
  }

  static boolean bool(Object o, String path) {
    if (o == null) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof String s && Yaml.coreType(s) instanceof Boolean b) {
      return b;
    }
    throw new ComposeException(path + " must be a boolean");
  }

  static Optional<Boolean> optBool(Object o, String path) {
    return o == null ? Optional.empty() : Optional.of(bool(o, path));
  }

  static long integer(Object o, String path) {
    Object v = o instanceof String s ? Yaml.coreType(s.strip()) : o;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new ComposeException(path + " must be a integer");
  }

  static double number(Object o, String path) {
    Object v = o instanceof String s ? Yaml.coreType(s.strip()) : o;
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new ComposeException(path + " must be a number");
  }

  /** A list-or-dict ({@code ["A=1","B"]} or {@code {A: 1, B: null}}) as an ordered map; null values kept as null. */
  static Map<String, String> dict(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    Merger.castMap(Merger.asMap(o == null ? Map.of() : o)).forEach((k, v) -> out.put(k, v == null ? null : str(v)));
    return out;
  }
}
