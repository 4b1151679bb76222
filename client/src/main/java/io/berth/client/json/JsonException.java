package io.berth.client.json;

/**
 * Malformed JSON text, or a document whose shape does not fit what the reader expected. The
 * message says where (line and column, or the field's path) and what was wrong.
 */
public final class JsonException extends IllegalArgumentException {
  public JsonException(String message) {
    super(message);
  }
}
