package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.util.Optional;

/**
 * One JSON line of a progress stream (load, import, pull): {@code stream} text, a {@code status}
 * line, or an {@code error}. A message with an error ends the operation unsuccessfully even though
 * the HTTP status was 200.
 */
public record ProgressMessage(@JsonProperty("stream") String stream, @JsonProperty("status") String status,
                              @JsonProperty("id") String id, @JsonProperty("progress") String progress,
                              @JsonProperty("error") Optional<String> error) {
  public ProgressMessage {
    stream = Zero.str(stream);
    status = Zero.str(status);
    id = Zero.str(id);
    progress = Zero.str(progress);
    error = error == null ? Optional.empty() : error;
  }

  public static ProgressMessage fromJson(JsonFields f) {
    return new ProgressMessage(f.string("stream"), f.string("status"), f.string("id"), f.string("progress"), f.optString("error"));
  }
}
