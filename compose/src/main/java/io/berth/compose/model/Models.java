package io.berth.compose.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers of the model records. */
final class Models {
  private Models() {}

  /** An unmodifiable copy that keeps the given order (compose output follows file order). */
  static <K, V> Map<K, V> ordered(Map<K, V> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
