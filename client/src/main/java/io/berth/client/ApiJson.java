package io.berth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.berth.oci.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Engine API's JSON dialect: the project's one mapper ({@link Json}: unknown fields ignored,
 * absent optionals omitted) with UpperCamel property names, because every Engine API field is
 * spelt that way ({@code Id}, {@code RepoTags}). Thread-safe.
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER =
      Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);

  private ApiJson() {}

  public static ObjectMapper mapper() { return MAPPER; }

  public static byte[] bytes(Object value) {
    try { return MAPPER.writeValueAsBytes(value); }
    catch (JsonProcessingException e) { throw new IllegalArgumentException("cannot encode json: " + e.getOriginalMessage(), e); }
  }

  public static String string(Object value) {
    try { return MAPPER.writeValueAsString(value); }
    catch (JsonProcessingException e) { throw new IllegalArgumentException("cannot encode json: " + e.getOriginalMessage(), e); }
  }

  /** Decodes a daemon answer; a malformed one is reported as a protocol error with the status it came with. */
  public static <T> T read(byte[] data, Class<T> type) {
    return read(data, MAPPER.constructType(type));
  }

  public static <T> T read(byte[] data, JavaType type) {
    try { return MAPPER.readValue(data, type); }
    catch (IOException e) { throw new UncheckedIOException("invalid json from daemon: " + e.getMessage(), e); }
  }

  public static JsonNode tree(byte[] data) {
    try { return MAPPER.readTree(data); }
    catch (IOException e) { throw new UncheckedIOException("invalid json from daemon: " + e.getMessage(), e); }
  }
}
