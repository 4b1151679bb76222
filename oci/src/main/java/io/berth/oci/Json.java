package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.berth.oci.errors.BerthException;

/**
 * The one JSON mapper. Unknown fields are ignored (clients and images carry fields we do not model),
 * absent optionals and nulls are not written, and map keys are sorted so that documents we hash
 * (image configs, manifests) are stable. {@code Optional} is supported (jdk8 module): an empty one is
 * not written and an absent or null field reads as empty.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
      // Optional<T> components: empty is written as absent, absent/null reads as empty.
      .registerModule(new Jdk8Module());

  private Json() {}

  public static ObjectMapper mapper() { return MAPPER; }

  public static byte[] bytes(Object value) {
    try { return MAPPER.writeValueAsBytes(value); }
    catch (JsonProcessingException e) { throw BerthException.internal("cannot encode json", e); }
  }

  public static String string(Object value) {
    try { return MAPPER.writeValueAsString(value); }
    catch (JsonProcessingException e) { throw BerthException.internal("cannot encode json", e); }
  }

  /** Decodes {@code data}; malformed input is the caller's fault (InvalidArgument). */
  public static <T> T read(byte[] data, Class<T> type) {
    try { return MAPPER.readValue(data, type); }
    catch (JsonProcessingException e) { throw new BerthException.InvalidArgument("invalid json: " + e.getOriginalMessage(), e); }
    catch (java.io.IOException e) { throw new BerthException.InvalidArgument("invalid json: " + e.getMessage(), e); }
  }
}
