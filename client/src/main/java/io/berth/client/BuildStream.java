package io.berth.client;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonReader;
import io.berth.client.model.BuildMessage;
import io.berth.http.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The messages of one {@code POST /build} answer, parsed as they arrive (the daemon sends them while
 * the build runs). {@link #hasNext()} blocks until the next message starts or the build ends. The
 * stream does not throw on an {@link BuildMessage.Error}: the caller renders it and decides (the
 * docker CLI stops at the first one). Malformed JSON throws {@link UncheckedIOException} ("invalid
 * json from daemon: ..."). Single reader; {@link #close()} drops the connection (which cancels the
 * build on the daemon, as closing the docker CLI does).
 */
public final class BuildStream implements Iterator<BuildMessage>, AutoCloseable {
  private final Response response;
  private final Iterator<Object> values;

  BuildStream(Response response) {
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

  @Override public BuildMessage next() {
    try {
      return BuildMessage.parse(values.next());
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
      // giving up on the build; nothing left to release
    }
  }
}
