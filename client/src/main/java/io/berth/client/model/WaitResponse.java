package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Optional;

/** Body of {@code POST /containers/{id}/wait} (swagger {@code ContainerWaitResponse}). */
public record WaitResponse(long statusCode, Optional<WaitError> error) {
  public WaitResponse {
    error = error == null ? Optional.empty() : error;
  }

  /** {@code ContainerWaitExitError}: why waiting failed, when it did. */
  public record WaitError(String message) {
    public WaitError {
      message = Zero.str(message);
    }
  }

  public static WaitResponse fromJson(JsonFields f) {
    return new WaitResponse(f.longValue("StatusCode"),
        f.has("Error") ? java.util.Optional.of(new WaitError(f.object("Error").string("Message"))) : java.util.Optional.empty());
  }
}
