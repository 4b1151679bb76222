package io.berth.oci.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small JSON-schema (draft-04 subset) checker for the runtime-spec schema files in test
 * resources: $ref across files, type, properties (unknown properties are errors, so misspelt names are
 * caught), required, items, enum, minimum/maximum, allOf/anyOf/oneOf. Enough to prove our output is
 * schema-shaped; not a general validator.
 */
final class SchemaCheck {
  private final Map<String, JsonNode> files = new HashMap<>();

  List<String> validate(JsonNode doc) {
    List<String> errors = new ArrayList<>();
    check(doc, file("config-schema.json"), "config-schema.json", "$", errors);
    return errors;
  }

  private JsonNode file(String name) {
    return files.computeIfAbsent(name, n -> {
      try (InputStream in = SchemaCheck.class.getResourceAsStream("schema/" + n)) {
        if (in == null) throw new IllegalStateException("missing schema " + n);
        return Json.mapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void check(JsonNode value, JsonNode schema, String file, String at, List<String> errors) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      int hash = ref.indexOf('#');
      String target = hash > 0 ? ref.substring(0, hash) : file;
      JsonNode node = file(target).at(ref.substring(hash + 1));
      if (node.isMissingNode()) throw new IllegalStateException("unresolved ref " + ref);
      check(value, node, target, at, errors);
    }
    if (schema.has("allOf")) schema.get("allOf").forEach(s -> check(value, s, file, at, errors));
    for (String any : List.of("anyOf", "oneOf")) {
      if (!schema.has(any)) continue;
      boolean matched = false;
      for (JsonNode s : schema.get(any)) {
        List<String> sub = new ArrayList<>();
        check(value, s, file, at, sub);
        matched |= sub.isEmpty();
      }
      if (!matched) errors.add(at + ": matches none of " + any);
    }
    if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
      errors.add(at + ": expected " + schema.get("type") + " but was " + value.getNodeType());
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) found |= e.equals(value);
      if (!found) errors.add(at + ": " + value + " not in " + schema.get("enum"));
    }
    if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
      errors.add(at + ": below minimum");
    }
    if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
      errors.add(at + ": above maximum");
    }
    if (value.isObject() && schema.has("properties")) {
      JsonNode props = schema.get("properties");
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (props.has(name)) check(value.get(name), props.get(name), file, at + "." + name, errors);
        else errors.add(at + ": unknown property " + name);
      }
    }
    if (value.isObject() && schema.has("required")) {
      schema.get("required").forEach(r -> {
        if (!value.has(r.asText())) errors.add(at + ": missing required " + r.asText());
      });
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) check(value.get(i), schema.get("items"), file, at + "[" + i + "]", errors);
    }
  }

  private static boolean typeMatches(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) if (typeMatches(value, t)) return true;
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "null" -> value.isNull();
      default -> true;
    };
  }
}
