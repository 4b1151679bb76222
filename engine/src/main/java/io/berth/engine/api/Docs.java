package io.berth.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds JSON objects that keep their key order ({@code Map.of} iterates in a random order that
 * changes between JVM runs, which would make answers differ from run to run).
 */
final class Docs {
  private Docs() {}

  static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of arguments");
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }
}
