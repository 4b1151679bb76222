package io.berth.client;

import io.berth.client.json.JsonFields;
import io.berth.client.model.ContainerStats;
import io.berth.http.client.Response;

/**
 * The samples of one {@code GET /containers/{id}/stats} answer, parsed as they arrive: one with
 * {@code stream=0}, one a second (the daemon's pace) while the container runs with {@code stream=1}.
 * {@link #hasNext()} blocks until the next sample starts or the daemon ends the answer (the
 * container stopped). Malformed JSON throws {@link java.io.UncheckedIOException} ("invalid json from
 * daemon: ..."). Single reader; {@link #close()} (from any thread) drops the connection, which ends
 * a blocked {@code hasNext()} with an exception or {@code false}.
 */
public final class StatsStream extends JsonStream<ContainerStats> {
  StatsStream(Response response) {
    super(response, v -> ContainerStats.fromJson(JsonFields.of(v)));
  }
}
