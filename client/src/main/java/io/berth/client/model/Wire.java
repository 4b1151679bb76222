package io.berth.client.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Helpers for the models' {@code toJson()}: they build the tree exactly as the project's Jackson
 * mapper wrote these records (component order, absent optionals omitted, map keys sorted at every
 * depth), so that requests and {@code --format} output stay byte-identical.
 */
final class Wire {
  private Wire() {}

  /** An insertion-ordered object under construction. */
  static final class Obj {
    private final Map<String, Object> map = new LinkedHashMap<>();

    Obj put(String key, Object value) {
      map.put(key, value);
      return this;
    }

    Obj putSorted(String key, Map<String, ?> value) {
      map.put(key, sorted(value));
      return this;
    }

    Obj putIfPresent(String key, Optional<?> value) {
      value.ifPresent(v -> map.put(key, v));
      return this;
    }

    Map<String, Object> build() {
      return java.util.Collections.unmodifiableMap(map);
    }
  }

  static Obj obj() { return new Obj(); }

  /** A copy of a tree value with every object's keys sorted, as ORDER_MAP_ENTRIES_BY_KEYS wrote maps. */
  static Object sorted(Object v) {
    if (v instanceof Map<?, ?> m) {
      var out = new TreeMap<String, Object>();
      m.forEach((k, val) -> out.put((String) k, sorted(val)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object item : c) out.add(sorted(item));
      return out;
    }
    return v;
  }
}
