package io.berth.client;

import io.berth.client.model.BuildMessage;
import io.berth.http.client.Response;

/**
 * The messages of one {@code POST /build} answer, parsed as they arrive (the daemon sends them while
 * the build runs). {@link #hasNext()} blocks until the next message starts or the build ends. The
 * stream does not throw on an {@link BuildMessage.Error}: the caller renders it and decides (the
 * docker CLI stops at the first one). Malformed JSON throws {@link java.io.UncheckedIOException} ("invalid
 * json from daemon: ..."). Single reader; {@link #close()} drops the connection (which cancels the
 * build on the daemon, as closing the docker CLI does).
 */
public final class BuildStream extends JsonStream<BuildMessage> {
  BuildStream(Response response) {
    super(response, BuildMessage::parse);
  }
}
