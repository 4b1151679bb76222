package io.berth.cli.template;

import java.util.List;
import java.util.Map;

/**
 * A value during execution: the JSON tree node (or a literal, a function result, a
 * {@link RowContext}), and where it sits in the document when it came from there ({@code path},
 * null otherwise), so that the {@link Schema} can say what Go type it had. {@link #MISSING} is
 * Go's invalid value (a missing map key), printed {@code <no value>}.
 */
record Val(Object v, String path) {
  static final Object MISSING_VALUE = new Object() {
    @Override public String toString() { return "<no value>"; }
  };

  static final Val MISSING = new Val(MISSING_VALUE, null);

  /** A nil pointer a row method returned (docker's {@code .Platform}): printed {@code <nil>}, false, null in JSON. */
  static final Object NIL_POINTER = new Object() {
    @Override public String toString() { return "<nil>"; }
  };

  static Val of(Object v) { return new Val(v, null); }

  boolean missing() { return v == MISSING_VALUE; }

  boolean isNull() { return v == null; }

  /** Go's type name, for error messages. */
  String goType(Schema schema) {
    return switch (v) {
      case null -> "<nil>";
      case String s -> "string";
      case Boolean b -> "bool";
      case Long l -> "int";
      case Integer i -> "int";
      case Double d -> "float64";
      case java.math.BigDecimal d -> d.scale() <= 0 ? "int" : "float64";
      case RowContext r -> r.typeName();
      case List<?> l -> l.stream().allMatch(x -> x instanceof String) ? "[]string" : "[]interface {}";
      case Map<?, ?> m -> schema != null && path != null && schema.kind(path, v) == Schema.Kind.STRUCT
          ? "struct" : "map[string]interface {}";
      default -> v == MISSING_VALUE ? "<nil>" : v.getClass().getSimpleName();
    };
  }
}
