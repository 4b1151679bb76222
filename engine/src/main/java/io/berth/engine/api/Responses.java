package io.berth.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;

/** Small helpers to answer with JSON. */
final class Responses {
  /**
   * API documents keep the field order they are built in (Id first, as docker prints them); the
   * shared mapper sorts map keys, which suits hashed documents but not these.
   */
  private static final ObjectWriter API = Json.mapper().copy()
      // docker writes nil slices, maps and pointers as null (clients index documents by key, e.g.
      // attrs['Config']['Entrypoint']); absent Optionals in records are still left out
      .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.ALWAYS))
      .writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Responses() {}

  static byte[] bytes(Object body) {
    try {
      return API.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw BerthException.internal("cannot encode json", e);
    }
  }

  static void json(ApiRequest req, int status, Object body) throws IOException {
    req.exchange().respondJson(status, bytes(body));
  }

  static void noContent(ApiRequest req) throws IOException {
    req.exchange().respondEmpty(204);
  }
}
