package io.berth.client;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonReader;
import io.berth.http.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Function;

/**
 * A streamed answer of concatenated JSON values (stats samples, build messages), each parsed as it
 * arrives. {@link #hasNext()} blocks until the next value starts or the daemon ends the answer.
 * Malformed JSON throws {@link UncheckedIOException} ("invalid json from daemon: ..."). Single
 * reader; {@link #close()} (from any thread) drops the connection, which ends a blocked
 * {@code hasNext()} with an exception or {@code false}.
 */
public class JsonStream<T> implements Iterator<T>, AutoCloseable {
  private final Response response;
  private final Iterator<Object> values;
  private final Function<Object, T> parse;

  JsonStream(Response response, Function<Object, T> parse) {
    this.response = response;
    this.values = JsonReader.values(response.body());
    this.parse = parse;
  }

  @Override public boolean hasNext() {
    try {
      return values.hasNext();
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  @Override public T next() {
    try {
      return parse.apply(values.next());
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
