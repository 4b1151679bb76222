package io.berth.cli.build;

import io.berth.client.model.BuildMessage;

/**
 * Shows a build's progress: the context upload, then the daemon's messages, then the outcome.
 * Implementations are thread-safe (a TTY view is also redrawn by a timer).
 */
public sealed interface BuildRenderer permits PlainRenderer, TtyRenderer {
  /** The whole context has been sent ({@code bytes} of tar). */
  void contextSent(long bytes);

  /** One message of the stream, {@link BuildMessage.Error} excepted. */
  void accept(BuildMessage message);

  /** The build failed with the daemon's {@code message}. */
  void failed(String message);

  /** The stream ended without an error. */
  void finished();

  /** Redraws animated parts (a spinner); a no-op for plain output. */
  default void tick() {}
}
