package io.berth.cli.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One row of a docker listing as its formatter exposes it to templates (docker's
 * {@code *formatter.ContainerContext}, {@code *formatter.imageContext}): methods without arguments
 * returning strings (or nil), plus {@code Label "name"}. An unknown field is an error naming
 * {@link #typeName}; {@code {{json .}}} is the methods' values with sorted keys, HTML-escaped
 * (docker's {@code MarshalJSON}).
 *
 * <p>A header context ({@link #header}) is docker's {@code SubHeaderContext}, a
 * {@code map[string]string}: unknown keys print {@code <no value>}.
 */
public final class RowContext {
  private final String typeName;
  private final Map<String, Object> fields;
  private final UnaryOperator<String> label;
  private final boolean mapLike;
  /** The methods a template called (docker's {@code FieldsUsed}: {@code .Size} makes ps ask for sizes). */
  private final java.util.Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private RowContext(String typeName, Map<String, Object> fields, UnaryOperator<String> label, boolean mapLike) {
    this.typeName = typeName;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.label = label;
    this.mapLike = mapLike;
  }

  /**
   * @param typeName Go's type name for errors ({@code *formatter.ContainerContext})
   * @param fields   method name → value (a String, or null for a nil pointer such as {@code Platform})
   * @param label    {@code Label "name"}, or null when the context has no such method
   */
  public static RowContext row(String typeName, Map<String, Object> fields, UnaryOperator<String> label) {
    return new RowContext(typeName, fields, label, false);
  }

  /** docker's {@code SubHeaderContext}: field → column header; {@code Label "a.b-c"} → {@code "c"}. */
  public static RowContext header(Map<String, String> headers) {
    return new RowContext("formatter.SubHeaderContext", new LinkedHashMap<>(headers),
        name -> {
          String[] parts = name.split("\\.", -1);
          return parts[parts.length - 1].replace("-", " ").replace("_", " ");
        }, true);
  }

  String typeName() { return typeName; }

  boolean mapLike() { return mapLike; }

  boolean hasField(String name) { return fields.containsKey(name); }

  Object field(String name) {
    used.add(name);
    return fields.get(name);
  }

  /** Whether a template execution over this row called the method {@code name}. */
  public boolean used(String name) { return used.contains(name); }

  boolean hasLabel() { return label != null; }

  String label(String name) { return label.apply(name); }

  /** The methods' values, keys sorted (Go's json.Marshal of a map). */
  Map<String, Object> json() {
    used.addAll(fields.keySet());
    return new TreeMap<>(fields);
  }

  public Map<String, Object> fields() { return fields; }
}
