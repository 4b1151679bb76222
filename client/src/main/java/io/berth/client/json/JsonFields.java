package io.berth.client.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, strict access to the fields of one parsed JSON object, for the API models' factory
 * methods. Like Go's decoder (and the Jackson binding it replaces), an absent field and a JSON
 * {@code null} read as the zero value (empty string, 0, false, empty list or map); a field of the
 * wrong type is a {@link JsonException} naming its path ({@code State.Pid: expected an integer,
 * got a string}). Immutable and thread-safe.
 */
public final class JsonFields {
  private static final JsonFields EMPTY = new JsonFields(Map.of(), "");

  private final Map<String, Object> map;
  private final String path;

  private JsonFields(Map<String, Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  /** A view of {@code value}, which must be a JSON object or null (read as an empty object). */
  public static JsonFields of(Object value) {
    return value == null ? EMPTY : new JsonFields(asObject(value, "document"), "");
  }

  /** The object as parsed. */
  public Map<String, Object> map() { return map; }

  /** Whether the field is present and not null. */
  public boolean has(String key) { return map.get(key) != null; }

  /** The raw tree value of a field (null when absent). */
  public Object raw(String key) { return map.get(key); }

  public String string(String key) {
    return optString(key).orElse("");
  }

  public Optional<String> optString(String key) {
    Object v = map.get(key);
    if (v == null) return Optional.empty();
    if (v instanceof String s) return Optional.of(s);
    throw mismatch(key, "a string", v);
  }

  public boolean bool(String key) {
    return optBool(key).orElse(false);
  }

  public Optional<Boolean> optBool(String key) {
    Object v = map.get(key);
    if (v == null) return Optional.empty();
    if (v instanceof Boolean b) return Optional.of(b);
    throw mismatch(key, "a boolean", v);
  }

  public long longValue(String key) {
    Object v = map.get(key);
    if (v == null) return 0;
    if (v instanceof Long l) return l;
    if (v instanceof BigDecimal d) {
      try {
        return d.stripTrailingZeros().longValueExact();
      } catch (ArithmeticException e) {
        throw new JsonException(where(key) + "number " + d + " does not fit a 64-bit integer");
      }
    }
    throw mismatch(key, "an integer", v);
  }

  public int integer(String key) {
    return optInt(key).orElse(0);
  }

  public Optional<Integer> optInt(String key) {
    if (map.get(key) == null) return Optional.empty();
    long l = longValue(key);
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new JsonException(where(key) + "number " + l + " does not fit a 32-bit integer");
    return Optional.of((int) l);
  }

  /** A nested object; absent or null reads as an empty object. */
  public JsonFields object(String key) {
    Object v = map.get(key);
    if (v == null) return EMPTY;
    if (v instanceof Map<?, ?>) return new JsonFields(asObject(v, key), path + key + ".");
    throw mismatch(key, "an object", v);
  }

  /** An array of strings; null items are refused. */
  public List<String> strings(String key) {
    var out = new ArrayList<String>();
    List<Object> items = array(key);
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String s)) throw mismatch(key + "[" + i + "]", "a string", items.get(i));
      out.add(s);
    }
    return Collections.unmodifiableList(out);
  }

  /** An array of arrays of strings (e.g. {@code DriverStatus}). */
  public List<List<String>> stringLists(String key) {
    var out = new ArrayList<List<String>>();
    List<Object> items = array(key);
    for (int i = 0; i < items.size(); i++) {
      var wrapper = new JsonFields(Map.of("", items.get(i) == null ? List.of() : items.get(i)), path + key + "[" + i + "]");
      out.add(wrapper.strings(""));
    }
    return Collections.unmodifiableList(out);
  }

  /** An array of objects, each turned into a model by {@code factory}. */
  public <T> List<T> objects(String key, Function<JsonFields, T> factory) {
    var out = new ArrayList<T>();
    List<Object> items = array(key);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item != null && !(item instanceof Map<?, ?>)) throw mismatch(key + "[" + i + "]", "an object", item);
      String p = key + "[" + i + "]";
      out.add(factory.apply(item == null ? EMPTY : new JsonFields(asObject(item, p), path + p + ".")));
    }
    return Collections.unmodifiableList(out);
  }

  /** An object of strings (labels, details); entries whose value is null are skipped. */
  public Map<String, String> stringMap(String key) {
    var out = new LinkedHashMap<String, String>();
    for (Map.Entry<String, Object> e : objectMap(key).entrySet()) {
      if (!(e.getValue() instanceof String s)) throw mismatch(key + "." + e.getKey(), "a string", e.getValue());
      out.put(e.getKey(), s);
    }
    return Collections.unmodifiableMap(out);
  }

  /** An object of arbitrary tree values (e.g. {@code ExposedPorts}); entries whose value is null are skipped. */
  public Map<String, Object> objectMap(String key) {
    Object v = map.get(key);
    if (v == null) return Map.of();
    if (!(v instanceof Map<?, ?>)) throw mismatch(key, "an object", v);
    var out = new LinkedHashMap<String, Object>();
    asObject(v, key).forEach((k, val) -> {
      if (val != null) out.put(k, val);
    });
    return Collections.unmodifiableMap(out);
  }

  private List<Object> array(String key) {
    Object v = map.get(key);
    if (v == null) return List.of();
    if (v instanceof List<?>) return asArray(v, key);
    throw mismatch(key, "an array", v);
  }

  private String where(String key) {
    return "field " + path + key + ": ";
  }

  private JsonException mismatch(String key, String expected, Object got) {
    return new JsonException(where(key) + "expected " + expected + ", got " + kind(got));
  }

  /** The JSON kind of a tree value, for messages. */
  public static String kind(Object v) {
    return switch (v) {
      case null -> "null";
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      case Map<?, ?> m -> "an object";
      case List<?> l -> "an array";
      default -> "a " + v.getClass().getSimpleName();
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object v, String what) {
    if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
    throw new JsonException(what + ": expected an object, got " + kind(v));
  }

  @SuppressWarnings("unchecked")
  static List<Object> asArray(Object v, String what) {
    if (v instanceof List<?> l) return (List<Object>) l;
    throw new JsonException(what + ": expected an array, got " + kind(v));
  }
}
