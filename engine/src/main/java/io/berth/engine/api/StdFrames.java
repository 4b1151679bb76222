package io.berth.engine.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's stream framing for non-TTY output (logs, attach): each frame is an 8-byte header
 * {@code [stream, 0, 0, 0, size(4, big-endian)]} followed by {@code size} bytes; stream 1 is stdout,
 * 2 stderr. With a TTY the bytes are written raw.
 */
final class StdFrames {
  static final int STDOUT = 1;
  static final int STDERR = 2;

  private final OutputStream out;
  private final boolean raw;

  StdFrames(OutputStream out, boolean raw) {
    this.out = out;
    this.raw = raw;
  }

  void write(int stream, byte[] data, int off, int len) throws IOException {
    if (len == 0) return;
    if (!raw) {
      byte[] h = {(byte) stream, 0, 0, 0, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
      out.write(h);
    }
    out.write(data, off, len);
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The content type docker clients expect for this stream at {@code version}. */
  static String contentType(boolean tty, ApiVersion version) {
    if (tty || !version.atLeast(1, 42)) return "application/vnd.docker.raw-stream";
    return "application/vnd.docker.multiplexed-stream";
  }
}
