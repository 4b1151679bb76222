package io.berth.client;

import io.berth.client.model.JsonMessage;
import io.berth.http.client.Response;

/**
 * The messages of a pull or push answer ({@code POST /images/create}, {@code POST /images/{name}/push}),
 * parsed as they arrive. An error during the operation is a {@link JsonMessage} with
 * {@link JsonMessage#error()} in the stream, not an exception: the caller renders what came before
 * it and decides (the docker CLI stops at the first one). Single reader; {@link #close()} drops the
 * connection, which cancels the operation on the daemon as interrupting the docker CLI does.
 */
public final class ProgressStream extends JsonStream<JsonMessage> {
  ProgressStream(Response response) {
    super(response, JsonMessage::parse);
  }
}
