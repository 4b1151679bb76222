package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;
import java.util.Optional;

/**
 * One message of a {@code POST /build} answer (Docker's {@code jsonmessage.JSONMessage}), in the
 * forms the legacy builder sends: build output text, a pull-style status line, an auxiliary value
 * (the built image's ID), or the error that ends the build. A message with {@code error} or
 * {@code errorDetail} is an {@link Error} whatever else it carries, as the docker CLI reads it.
 */
public sealed interface BuildMessage {
  /** {@code {"stream":"Step 1/3 : FROM busybox\n"}}: text to print as is (it carries its own newlines). */
  record Stream(String text) implements BuildMessage {}

  /**
   * {@code {"status":"Downloading","id":"a1b2","progressDetail":{"current":1,"total":2},"progress":"[=> ]"}}:
   * a pull progress line while a base image is fetched.
   */
  record Status(String status, String id, String progress, long current, long total) implements BuildMessage {}

  /** {@code {"aux":{"ID":"sha256:..."}}}: the raw object; {@link #imageId()} for the build result. */
  record Aux(Map<String, Object> value) implements BuildMessage {
    public Optional<String> imageId() {
      Object id = value.get("ID");
      return id instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
  }

  /** {@code {"errorDetail":{"code":N,"message":"..."},"error":"..."}}; code 0 when the daemon gave none. */
  record Error(int code, String message) implements BuildMessage {}

  /** Anything else (an empty object, a field this client does not know). */
  record Other(Map<String, Object> value) implements BuildMessage {}

  static BuildMessage fromJson(JsonFields f) {
    if (f.has("errorDetail") || f.has("error")) {
      JsonFields detail = f.object("errorDetail");
      String message = detail.string("message");
      if (message.isEmpty()) message = f.string("error");
      return new Error(detail.has("code") ? (int) detail.longValue("code") : 0, message);
    }
    if (f.has("aux")) return new Aux(f.object("aux").map());
    if (f.has("stream")) return new Stream(f.string("stream"));
    if (f.has("status")) {
      JsonFields p = f.object("progressDetail");
      return new Status(f.string("status"), f.string("id"), f.string("progress"),
          p.has("current") ? p.longValue("current") : 0, p.has("total") ? p.longValue("total") : 0);
    }
    return new Other(f.map());
  }

  /** Parses one message object of the stream. */
  static BuildMessage parse(Object json) {
    return fromJson(JsonFields.of(json));
  }
}
