package io.berth.client;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.model.ContainerStats;
import io.berth.http.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The samples of one {@code GET /containers/{id}/stats} answer, parsed as they arrive: one with
 * {@code stream=0}, one a second (the daemon's pace) while the container runs with {@code stream=1}.
 * {@link #hasNext()} blocks until the next sample starts or the daemon ends the answer (the
 * container stopped). Malformed JSON throws {@link UncheckedIOException} ("invalid json from
 * daemon: ..."). Single reader; {@link #close()} (from any thread) drops the connection, which ends
 * a blocked {@code hasNext()} with an exception or {@code false}.
 */
public final class StatsStream implements Iterator<ContainerStats>, AutoCloseable {
  private final Response response;
  private final Iterator<Object> values;

  StatsStream(Response response) {
    this.response = response;
    this.values = JsonReader.values(response.body());
  }

  @Override public boolean hasNext() {
    try {
      return values.hasNext();
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  @Override public ContainerStats next() {
    try {
      return ContainerStats.fromJson(JsonFields.of(values.next()));
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  private static UncheckedIOException invalid(JsonException e) {
    return new UncheckedIOException("invalid json from daemon: " + e.getMessage(), new IOException(e.getMessage(), e));
  }

  @Override public void close() {
    try {
      response.close();
    } catch (IOException ignored) {
      // giving up on the stream; nothing left to release
    }
  }
}
