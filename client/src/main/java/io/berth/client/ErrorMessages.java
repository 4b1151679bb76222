package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Extracts the daemon's error text from an error body ({@code {"message": "..."}}, or plain text). */
final class ErrorMessages {
  private ErrorMessages() {}

  static String from(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        JsonNode n = ApiJson.mapper().readTree(body);
        if (n.hasNonNull("message")) return n.get("message").asText();
      } catch (java.io.IOException ignored) {
        // not JSON after all: fall through to the raw text
      }
    }
    return text.isEmpty() ? "status " + status : text;
  }
}
