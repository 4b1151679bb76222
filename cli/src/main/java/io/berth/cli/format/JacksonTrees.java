package io.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Converts a Jackson tree into an {@link io.berth.client.json} tree. Kept apart from the
 * templates so that nothing on the CLI's own path loads Jackson databind; only callers that
 * already hold Jackson trees reach it.
 */
final class JacksonTrees {
  private JacksonTrees() {}

  static Object toTree(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isTextual()) return n.textValue();
    if (n.isBoolean()) return n.booleanValue();
    if (n.isIntegralNumber()) return n.canConvertToLong() ? (Object) n.longValue() : new BigDecimal(n.bigIntegerValue());
    if (n.isNumber()) return n.decimalValue();
    if (n.isArray()) {
      var list = new ArrayList<Object>();
      n.forEach(x -> list.add(toTree(x)));
      return Collections.unmodifiableList(list);
    }
    if (n.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      n.properties().forEach(e -> map.put(e.getKey(), toTree(e.getValue())));
      return Collections.unmodifiableMap(map);
    }
    return n.asText();
  }
}
