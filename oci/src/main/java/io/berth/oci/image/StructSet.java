package io.berth.oci.image;

import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Go's {@code map[string]struct{}} as JSON ({@code {"80/tcp": {}}}), used by {@code ExposedPorts}
 * and {@code Volumes}, seen from Java as a set of keys.
 */
final class StructSet {
  private StructSet() {}

  static final class Write extends StdConverter<Set<String>, Map<String, Map<String, Object>>> {
    @Override public Map<String, Map<String, Object>> convert(Set<String> keys) {
      Map<String, Map<String, Object>> out = new LinkedHashMap<>();
      for (String k : keys) out.put(k, Map.of());
      return out;
    }
  }

  static final class Read extends StdConverter<Map<String, Object>, Set<String>> {
    @Override public Set<String> convert(Map<String, Object> map) {
      return map == null ? Set.of() : new LinkedHashSet<>(map.keySet());
    }
  }
}
