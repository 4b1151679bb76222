package io.berth.client.model;

import java.util.List;
import java.util.Map;

/** Go-style zero values for absent wire fields, so that models never expose null. */
final class Zero {
  private Zero() {}

  static String str(String s) { return s == null ? "" : s; }

  static <T> List<T> list(List<T> l) { return l == null ? List.of() : List.copyOf(l); }

  static <K, V> Map<K, V> map(Map<K, V> m) { return m == null ? Map.of() : Map.copyOf(m); }
}
