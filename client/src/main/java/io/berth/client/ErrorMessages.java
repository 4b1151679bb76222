package io.berth.client;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonReader;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/** Extracts the daemon's error text from an error body ({@code {"message": "..."}}, or plain text). */
final class ErrorMessages {
  private ErrorMessages() {}

  static String from(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        if (JsonReader.parse(body) instanceof Map<?, ?> m && m.get("message") != null) return text(m.get("message"));
      } catch (JsonException ignored) {
        // not JSON after all: fall through to the raw text
      }
    }
    return text.isEmpty() ? "status " + status : text;
  }

  /** What Jackson's {@code asText()} gave for the message: a string as is, a number or boolean as written, else "". */
  private static String text(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : "";
  }
}
