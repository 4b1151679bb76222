package io.berth.engine.sys;

import static io.berth.engine.sys.Native.CALL_STATE;
import static io.berth.engine.sys.Native.call;
import static io.berth.engine.sys.Native.errno;
import static io.berth.engine.sys.Native.error;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Writing to a fifo without ever blocking: {@code open(O_WRONLY|O_NONBLOCK)} fails at once with
 * ENXIO when nobody has the fifo open for reading, where the JDK's blocking open would wait forever
 * (conmon's control fifo after conmon exited). Thread-safe.
 */
@SuppressWarnings("restricted") // the sys package is the audited user of native calls
public final class Fifos {
  /** No reader has the fifo open. */
  public static final int ENXIO = 6;
  /** The fifo is full (its reader is not reading). */
  public static final int EAGAIN = 11;

  private static final int O_WRONLY = 1;
  private static final int O_NONBLOCK = 0x800;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EINTR = 4;
  private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
      ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
      ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private Fifos() {}

  /**
   * Writes {@code data} in one write(2): up to PIPE_BUF (4096) bytes are atomic, so a reader sees
   * the whole message or nothing.
   *
   * @throws ErrnoException ENXIO without a reader, EAGAIN when the fifo is full, ENOENT when missing
   */
  public static void writeNonBlocking(Path fifo, byte[] data) throws IOException {
    if (data.length > 4096) throw new IllegalArgumentException("message longer than PIPE_BUF");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CALL_STATE);
      int fd = (int) OPEN.invokeExact(state, a.allocateFrom(fifo.toString()), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0) throw error("open " + fifo, state);
      try {
        MemorySegment buf = a.allocate(Math.max(1, data.length));
        MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
        long n;
        do {
          n = (long) WRITE.invokeExact(state, fd, buf, (long) data.length);
        } while (n < 0 && errno(state) == EINTR);
        if (n < 0) throw error("write " + fifo, state);
        if (n != data.length) throw new IOException("write " + fifo + ": short write");
      } finally {
        int ignored = (int) CLOSE.invokeExact(state, fd);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }


}
