package io.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec's "Merge and override" on raw trees: mappings merged key by key, sequences appended, except
 * {@code command}, {@code entrypoint} and {@code healthcheck.test} (replaced), {@code ports} (unique by
 * ip/target/published/protocol), {@code volumes}/{@code secrets}/{@code configs} (unique by target),
 * and the list-or-mapping attributes (environment, labels, ...) which merge as mappings. {@code !reset}
 * removes, {@code !override} replaces.
 */
final class Merger {
  private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");
  private static final Set<String> DICTS = Set.of("environment", "labels", "annotations", "sysctls", "args",
      "driver_opts", "options");

  private Merger() {}

  /** Merges {@code over} (with its !reset/!override paths) into {@code base}; returns the result. */
  static Map<String, Object> files(Map<String, Object> base, Map<String, Object> over, Set<String> resets,
      Set<String> overrides) {
    return castMap(merge(base, over, "", resets, overrides));
  }

  /** A service merged over another (extends, or two files), from their top-level-relative paths. */
  static Map<String, Object> service(Map<String, Object> base, Map<String, Object> over) {
    return castMap(merge(base, over, "services.x", Set.of(), Set.of()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Object merge(Object base, Object over, String path, Set<String> resets, Set<String> overrides) {
    if (overrides.contains(path) || base == null) {
      return copy(over);
    }
    String key = path.substring(path.lastIndexOf('.') + 1);
    boolean inService = path.startsWith("services.") && path.chars().filter(c -> c == '.').count() >= 2;
    if (inService && REPLACED.contains(key)) {
      return copy(over);
    }
    if (inService && key.equals("build") && path.chars().filter(c -> c == '.').count() == 2) {
      // build: a string is the context; merged as mappings.
      base = base instanceof String b ? Map.of("context", b) : base;
      over = over instanceof String o ? Map.of("context", o) : over;
    }
    if (inService && key.equals("logging") && base instanceof Map<?, ?> bl && over instanceof Map<?, ?> ol
        && bl.get("driver") != null && ol.get("driver") != null && !bl.get("driver").equals(ol.get("driver"))) {
      // Options of another driver make no sense: a different driver replaces the whole section.
      return copy(over);
    }
    if (DICTS.contains(key) || (inService && (key.equals("depends_on") || key.equals("networks")))) {
      base = asMap(base);
      over = asMap(over);
    }
    if (base instanceof Map<?, ?> bm && over instanceof Map<?, ?> om) {
      Map<String, Object> out = new LinkedHashMap<>(castMap(bm));
      for (Map.Entry<String, Object> e : castMap(om).entrySet()) {
        String p = Yaml.child(path, e.getKey());
        if (resets.contains(p)) {
          out.remove(e.getKey());
        } else {
          out.put(e.getKey(), merge(out.get(e.getKey()), e.getValue(), p, resets, overrides));
        }
      }
      return out;
    }
    if (base instanceof List<?> bl && over instanceof List<?> ol) {
      if (inService && key.equals("ports")) {
        return unique(bl, ol, Shapes::portKey);
      }
      if (inService && (key.equals("volumes") || key.equals("secrets") || key.equals("configs"))) {
        return unique(bl, ol, o -> Shapes.targetKey(key, o));
      }
      List<Object> out = new ArrayList<>(bl);
      for (Object o : ol) {
        if (!(o instanceof String) || !out.contains(o)) {
          out.add(copy(o));
        }
      }
      return out;
    }
    return copy(over);
  }

  private static List<Object> unique(List<?> base, List<?> over, java.util.function.Function<Object, String> keyOf) {
    Map<String, Object> byKey = new LinkedHashMap<>();
    for (Object o : base) {
      byKey.put(keyOf.apply(o), o);
    }
    for (Object o : over) {
      String k = keyOf.apply(o);
      Object prev = byKey.get(k);
      byKey.put(k, prev instanceof Map<?, ?> pm && o instanceof Map<?, ?> om
          ? merge(pm, om, "x", Set.of(), Set.of()) : copy(o));
    }
    return new ArrayList<>(byKey.values());
  }

  /** A list-or-mapping value as a mapping: {@code ["A=1", "B"]} → {@code {A: "1", B: null}}. */
  static Object asMap(Object o) {
    if (o instanceof List<?> l) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Object item : l) {
        if (item instanceof Map<?, ?> m) {
          out.putAll(castMap(m));
          continue;
        }
        String s = String.valueOf(item);
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
      return out;
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> out.put(k, copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return o;
  }
}
