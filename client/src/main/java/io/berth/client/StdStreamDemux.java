package io.berth.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Splits the Engine API's multiplexed stdio stream (logs and attach without a TTY) back into
 * stdout and stderr. Each frame is an 8-byte header {@code [stream, 0, 0, 0, size(4, big endian)]}
 * followed by {@code size} payload bytes; stream 0 is stdin (echoed), 1 stdout, 2 stderr.
 * With a TTY the daemon sends the raw stream instead; {@link #raw(InputStream)} treats everything as
 * stdout.
 *
 * <p>Not thread-safe: one reader. Closing closes the underlying stream.
 */
public final class StdStreamDemux implements AutoCloseable {
  /** Which output a frame belongs to. */
  public enum Stream {
    STDIN, STDOUT, STDERR;

    static Stream of(int code) throws IOException {
      return switch (code) {
        case 0 -> STDIN;
        case 1 -> STDOUT;
        case 2 -> STDERR;
        default -> throw new IOException("corrupt stdio stream: unknown stream type " + code);
      };
    }
  }

  /** One frame: which stream and its payload. */
  public record Frame(Stream stream, byte[] payload) {}

  private static final int MAX_FRAME = 64 << 20;

  private final InputStream in;
  private final boolean multiplexed;
  private final byte[] header = new byte[8];

  private StdStreamDemux(InputStream in, boolean multiplexed) {
    this.in = in;
    this.multiplexed = multiplexed;
  }

  public static StdStreamDemux multiplexed(InputStream in) { return new StdStreamDemux(in, true); }

  public static StdStreamDemux raw(InputStream in) { return new StdStreamDemux(in, false); }

  public boolean isMultiplexed() { return multiplexed; }

  /** The next frame, or empty at the end of the stream. A truncated header or payload is an error. */
  public Optional<Frame> next() throws IOException {
    if (!multiplexed) {
      byte[] buf = new byte[8192];
      int n = in.read(buf);
      if (n < 0) return Optional.empty();
      return Optional.of(new Frame(Stream.STDOUT, java.util.Arrays.copyOf(buf, n)));
    }
    int got = in.readNBytes(header, 0, 8);
    if (got == 0) return Optional.empty();
    if (got < 8) throw new EOFException("corrupt stdio stream: truncated frame header");
    Stream stream = Stream.of(header[0] & 0xff);
    int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    if (size < 0 || size > MAX_FRAME) throw new IOException("corrupt stdio stream: frame of " + Integer.toUnsignedString(size) + " bytes");
    byte[] payload = in.readNBytes(size);
    if (payload.length < size) throw new EOFException("corrupt stdio stream: truncated frame");
    return Optional.of(new Frame(stream, payload));
  }

  /**
   * Copies frames until the end of the stream: stdout (and echoed stdin) frames to {@code out},
   * stderr frames to {@code err}, flushing after each frame so interactive output appears at once.
   */
  public void copyTo(OutputStream out, OutputStream err) throws IOException {
    for (Optional<Frame> f = next(); f.isPresent(); f = next()) {
      OutputStream target = f.get().stream() == Stream.STDERR ? err : out;
      target.write(f.get().payload());
      target.flush();
    }
  }

  /** Writes one frame in the wire format; used by tests and fakes. */
  public static void writeFrame(OutputStream out, Stream stream, byte[] payload) throws IOException {
    int n = payload.length;
    out.write(new byte[] {(byte) stream.ordinal(), 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(payload);
  }

  @Override public void close() throws IOException { in.close(); }
}
