package io.berth.compose.load;

import io.berth.compose.ComposeException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Validates a file's tree against compose-spec.json: the draft-07 subset that file uses (type, properties,
 * additionalProperties, patternProperties, required, enum, oneOf/anyOf/allOf/not, $ref, items,
 * uniqueItems, minimum/maximum, pattern). Like compose, a string where a number or boolean is expected is
 * accepted when it reads as one (interpolated values are strings); the normaliser converts it.
 * JSON is read with the YAML loader (JSON is YAML), so no JSON library is needed.
 */
final class SchemaValidator {
  private static final Map<String, Object> SCHEMA = loadSchema();
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaValidator() {}

  @SuppressWarnings("unchecked")
  private static Map<String, Object> loadSchema() {
    try (InputStream in = SchemaValidator.class.getResourceAsStream("/compose-spec.json")) {
      return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
    } catch (IOException e) {
      throw new IllegalStateException("compose-spec.json missing", e);
    }
  }

  /** One failure: where, what, and for type failures the expected types (to combine oneOf branches). */
  record Failure(String path, String message, Set<String> expected) {
    String text() {
      return (path.isEmpty() ? "(root)" : path) + " " + message;
    }
  }

  /** Throws a located ComposeException at the first violation. */
  static void validate(Object root, Map<String, String> marks) {
    Optional<Failure> f = check(root, SCHEMA, "");
    if (f.isPresent()) {
      throw new ComposeException(Loc.prefix(marks, f.get().path()) + f.get().text());
    }
  }

  static Optional<Failure> check(Object v, Map<String, Object> schema, String path) {
    return new SchemaValidator().node(v, schema, path);
  }

  @SuppressWarnings("unchecked")
  private Optional<Failure> node(Object v, Map<String, Object> s, String path) {
    if (s.get("$ref") instanceof String ref) {
      Map<String, Object> defs = (Map<String, Object>) SCHEMA.get("definitions");
      s = (Map<String, Object>) defs.get(ref.substring(ref.lastIndexOf('/') + 1));
    }
    Object type = s.get("type");
    if (type != null) {
      List<String> types = type instanceof List<?> l ? (List<String>) l : List.of((String) type);
      if (types.stream().noneMatch(t -> is(v, t))) {
        return Optional.of(new Failure(path, "must be a " + types.stream().map(SchemaValidator::typeName)
            .collect(Collectors.joining(" or ")), new LinkedHashSet<>(types)));
      }
    }
    if (s.get("enum") instanceof List<?> en && !en.contains(v)
        && !(v instanceof String str && en.contains(Yaml.coreType(str)))) {
      return fail(path, "must be one of the following: " + en.stream().map(e -> "\"" + e + "\"")
          .collect(Collectors.joining(", ")));
    }
    if (v instanceof String str && s.get("pattern") instanceof String p
        && !PATTERNS.computeIfAbsent(p, Pattern::compile).matcher(str).find()) {
      return fail(path, "does not match pattern \"" + p + "\"");
    }
    if (number(v) instanceof Double d) {
      if (s.get("minimum") instanceof Number min && d < min.doubleValue()) {
        return fail(path, "must be greater than or equal to " + min);
      }
      if (s.get("maximum") instanceof Number max && d > max.doubleValue()) {
        return fail(path, "must be less than or equal to " + max);
      }
    }
    if (v instanceof Map<?, ?> m) {
      Optional<Failure> f = object((Map<String, Object>) m, s, path);
      if (f.isPresent()) {
        return f;
      }
    }
    if (v instanceof List<?> l) {
      if (s.get("items") instanceof Map<?, ?> items) {
        for (int i = 0; i < l.size(); i++) {
          Optional<Failure> f = node(l.get(i), (Map<String, Object>) items, path + "[" + i + "]");
          if (f.isPresent()) {
            return f;
          }
        }
      }
      if (Boolean.TRUE.equals(s.get("uniqueItems")) && new HashSet<>(l).size() != l.size()) {
        return fail(path, "contains non-unique items");
      }
    }
    if (s.get("allOf") instanceof List<?> all) {
      for (Object sub : all) {
        Optional<Failure> f = node(v, (Map<String, Object>) sub, path);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    for (String key : List.of("oneOf", "anyOf")) {
      if (s.get(key) instanceof List<?> alts) {
        List<Failure> failures = new ArrayList<>();
        int ok = 0;
        for (Object sub : alts) {
          Optional<Failure> f = node(v, (Map<String, Object>) sub, path);
          if (f.isEmpty()) {
            ok++;
          } else {
            failures.add(f.get());
          }
        }
        if (ok == 0) {
          return Optional.of(best(failures, path));
        }
        // oneOf with several matches: compose's schema has only disjoint alternatives in practice
        // (number vs string vs object), so an overlap is not an error worth reporting.
      }
    }
    if (s.get("not") instanceof Map<?, ?> not && node(v, (Map<String, Object>) not, path).isEmpty()) {
      return fail(path, "must not be valid against the forbidden schema");
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private Optional<Failure> object(Map<String, Object> m, Map<String, Object> s, String path) {
    Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
    Map<String, Object> pprops = (Map<String, Object>) s.getOrDefault("patternProperties", Map.of());
    if (s.get("required") instanceof List<?> req) {
      for (Object r : req) {
        if (!m.containsKey((String) r)) {
          return fail(Yaml.child(path, (String) r), "is required");
        }
      }
    }
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String k = e.getKey();
      String p = Yaml.child(path, k);
      boolean matched = false;
      if (props.get(k) instanceof Map<?, ?> ps) {
        matched = true;
        Optional<Failure> f = node(e.getValue(), (Map<String, Object>) ps, p);
        if (f.isPresent()) {
          return f;
        }
      }
      for (Map.Entry<String, Object> pp : pprops.entrySet()) {
        if (PATTERNS.computeIfAbsent(pp.getKey(), Pattern::compile).matcher(k).find()) {
          matched = true;
          Optional<Failure> f = node(e.getValue(), (Map<String, Object>) pp.getValue(), p);
          if (f.isPresent()) {
            return f;
          }
        }
      }
      if (!matched) {
        Object add = s.get("additionalProperties");
        if (Boolean.FALSE.equals(add)) {
          return fail(path, "additional property \"" + k + "\" is not allowed");
        }
        if (add instanceof Map<?, ?> as) {
          Optional<Failure> f = node(e.getValue(), (Map<String, Object>) as, p);
          if (f.isPresent()) {
            return f;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The most telling failure among alternatives: the deepest one, else the type ones combined. */
  private static Failure best(List<Failure> failures, String path) {
    Failure deepest = null;
    for (Failure f : failures) {
      if (f.expected().isEmpty() || !f.path().equals(path)) {
        if (deepest == null || f.path().length() > deepest.path().length()) {
          deepest = f;
        }
      }
    }
    if (deepest != null) {
      return deepest;
    }
    Set<String> types = new LinkedHashSet<>();
    failures.forEach(f -> types.addAll(f.expected()));
    return new Failure(path, "must be a " + types.stream().map(SchemaValidator::typeName)
        .distinct().collect(Collectors.joining(" or ")), types);
  }

  private static Optional<Failure> fail(String path, String message) {
    return Optional.of(new Failure(path, message, Set.of()));
  }

  private static boolean is(Object v, String type) {
    return switch (type) {
      case "object" -> v instanceof Map;
      case "array" -> v instanceof List;
      case "string" -> v instanceof String;
      case "boolean" -> v instanceof Boolean || (v instanceof String s && Yaml.coreType(s) instanceof Boolean);
      case "number" -> number(v) != null;
      case "integer" -> number(v) instanceof Double d && d == Math.rint(d) && !d.isInfinite();
      case "null" -> v == null;
      default -> true;
    };
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && Yaml.coreType(s) instanceof Number n) {
      return n.doubleValue();
    }
    return null;
  }

  private static String typeName(String t) {
    return switch (t) {
      case "object" -> "mapping";
      case "array" -> "list";
      default -> t;
    };
  }
}
