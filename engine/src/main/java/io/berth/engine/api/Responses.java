package io.berth.engine.api;

import io.berth.oci.Json;

/** Small helpers to answer with JSON. */
final class Responses {
  private Responses() {}

  static void json(ApiRequest req, int status, Object body) throws java.io.IOException {
    req.exchange().respondJson(status, Json.bytes(body));
  }

  static void noContent(ApiRequest req) throws java.io.IOException {
    req.exchange().respondEmpty(204);
  }
}
