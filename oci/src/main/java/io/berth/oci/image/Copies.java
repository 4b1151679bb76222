package io.berth.oci.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Immutable defensive copies that turn JSON's absent/null collections into empty ones. */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) { return in == null ? List.of() : List.copyOf(in); }

  /** Keeps insertion order (documents read back in the order they were written). */
  static <K, V> Map<K, V> map(Map<K, V> in) {
    return in == null || in.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }

  static <T> Set<T> set(Set<T> in) {
    return in == null || in.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(in));
  }
}
