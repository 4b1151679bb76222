package io.berth.cli.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What docker's Go types say about a JSON document, so that a template over the JSON behaves as
 * docker's template over the typed value: which objects are Go maps (missing keys print
 * {@code <no value>}, {@code json} sorts their keys, {@code index} of a missing key gives the
 * element's zero value) rather than structs (a missing field is an error), which nulls are nil
 * slices ({@code []}), nil maps ({@code map[]}) or nil pointers ({@code <nil>}), and the zero
 * values of struct fields docker omits when empty ({@code omitempty}).
 *
 * <p>Paths are field names joined by '.', {@code *} for any map key and {@code []} for a slice
 * element: {@code NetworkSettings.Networks.*.Aliases}. Immutable.
 */
public final class Schema {
  /** The Go kinds that matter for printing and lookups. */
  public enum Kind { STRUCT, MAP, SLICE, POINTER, STRING, NUMBER, BOOL }

  private final Map<String, Kind> kinds;
  private final Map<String, Kind> mapElements;
  private final Map<String, Object> zeros;
  private final Map<String, String> goNames;
  private final Map<String, List<String>> fields;

  private Schema(Map<String, Kind> kinds, Map<String, Kind> mapElements, Map<String, Object> zeros,
      Map<String, String> goNames, Map<String, List<String>> fields) {
    this.fields = Map.copyOf(fields);
    this.kinds = Map.copyOf(kinds);
    this.mapElements = Map.copyOf(mapElements);
    this.zeros = new HashMap<>(zeros);
    this.goNames = Map.copyOf(goNames);
  }

  /** Builds a schema from space-separated path lists. */
  public static final class Builder {
    private final Map<String, Kind> kinds = new HashMap<>();
    private final Map<String, Kind> mapElements = new HashMap<>();
    private final Map<String, Object> zeros = new HashMap<>();
    private final Map<String, String> goNames = new HashMap<>();
    private final Map<String, List<String>> fields = new HashMap<>();

    /** The Go struct at {@code path} has these fields, in order (for printing it whole). */
    public Builder struct(String path, String fieldNames) {
      fields.put(path, split(fieldNames));
      return this;
    }

    /**
     * Struct fields whose Go name differs from their JSON name ({@code Id=ID}: the typed value has
     * {@code .ID}, not {@code .Id}; only docker's raw fallback finds {@code .Id}).
     */
    public Builder renamed(String pathEqualsGoName) {
      for (String p : split(pathEqualsGoName)) {
        int eq = p.indexOf('=');
        goNames.put(p.substring(0, eq), p.substring(eq + 1));
      }
      return this;
    }

    /** Go maps whose values are of kind {@code element}. */
    public Builder maps(Kind element, String paths) {
      for (String p : split(paths)) {
        kinds.put(p, Kind.MAP);
        mapElements.put(p, element);
      }
      return this;
    }

    public Builder slices(String paths) {
      for (String p : split(paths)) kinds.put(p, Kind.SLICE);
      return this;
    }

    public Builder pointers(String paths) {
      for (String p : split(paths)) kinds.put(p, Kind.POINTER);
      return this;
    }

    /** Struct fields docker omits when empty, with the value Go reads then ("" , 0, false, null). */
    public Builder omitted(Object zero, String paths) {
      for (String p : split(paths)) zeros.put(p, zero);
      return this;
    }

    public Schema build() { return new Schema(kinds, mapElements, zeros, goNames, fields); }

    private static List<String> split(String paths) { return List.of(paths.strip().split("\\s+")); }
  }

  public static Builder builder() { return new Builder(); }

  static String child(String path, String field) { return path.isEmpty() ? field : path + "." + field; }

  /** The kind of the value at {@code path}; inferred from the JSON value where the schema says nothing. */
  Kind kind(String path, Object value) {
    Kind k = kinds.get(path);
    // a non-nil pointer is seen through: what it points at decides
    if (k != null && !(k == Kind.POINTER && value != null)) return k;
    return switch (value) {
      case null -> Kind.POINTER;
      case Map<?, ?> m -> Kind.STRUCT;
      case List<?> l -> Kind.SLICE;
      case String s -> Kind.STRING;
      case Boolean b -> Kind.BOOL;
      default -> Kind.NUMBER;
    };
  }

  /** The fields of the struct at {@code path} in Go's order, when the schema lists them. */
  Optional<List<String>> fields(String path) { return Optional.ofNullable(fields.get(path)); }

  /** The Go field name of the JSON field at {@code path}. */
  String goName(String path, String jsonName) {
    return goNames.getOrDefault(path, jsonName);
  }

  /** The kind the schema declares for {@code path}, or null. */
  Kind explicitKind(String path) { return kinds.get(path); }

  /** The path of a map's element or a slice's element. */
  String elementPath(String path, Kind container) {
    return path + (path.isEmpty() ? "" : ".") + (container == Kind.MAP ? "*" : "[]");
  }

  /** The zero value of a map's element kind (what {@code index} gives for a missing key). */
  Object elementZero(String mapPath) {
    return switch (mapElements.getOrDefault(mapPath, Kind.POINTER)) {
      case STRING -> "";
      case NUMBER -> 0L;
      case BOOL -> false;
      case STRUCT -> Map.of();
      default -> null;
    };
  }

  /** The value Go reads for a struct field absent from the JSON, or empty when the type has no such field. */
  Optional<Object> omittedZero(String path) {
    return zeros.containsKey(path) ? Optional.of(Optional.ofNullable(zeros.get(path))).map(o -> o.orElse(NULL)) : Optional.empty();
  }

  /** Marks a zero that is Go's nil (Optional cannot hold null). */
  static final Object NULL = new Object() {
    @Override public String toString() { return "nil"; }
  };
}
