package io.berth.engine.runtime;

import io.berth.engine.sys.SeqPacketSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * One client of conmon's attach socket, {@code <bundle>/attach} ({@code --full-attach}): a
 * {@code SOCK_SEQPACKET} socket conmon listens on for as long as the container runs. The protocol,
 * from conmon 2.1.6's {@code conn_sock.c} and {@code ctr_stdio.c}:
 * <ul>
 *   <li><b>Output:</b> every chunk conmon reads from the container's stdout or stderr (at most 8 KiB)
 *       is written to every attached client as one packet: one byte naming the pipe
 *       ({@link #STDOUT_PIPE} 2, {@link #STDERR_PIPE} 3; conmon's {@code stdpipe_t}), then the
 *       bytes. With a terminal everything is stdout. Conmon writes with blocking writes: a client
 *       that stops reading stalls the container's output, so clients must keep reading.</li>
 *   <li><b>Input:</b> packets a client sends are copied, as they are, to the container's stdin
 *       (the pipe, or the terminal); conmon reads up to 32 KiB per packet.</li>
 *   <li><b>End of input:</b> when a client shuts down its output or closes, conmon closes the
 *       container's stdin unless it was started with {@code --leave-stdin-open} (and had
 *       {@code --stdin}). Berth passes that flag unless the container is StdinOnce without a TTY
 *       (see {@code ConmonRuntime}), which gives Docker's semantics.</li>
 *   <li><b>End of output:</b> when the container has exited and conmon has drained its pipes,
 *       conmon closes every client (before it writes the exit file): the client reads EOF. So a
 *       client that reaches EOF has seen all the output.</li>
 *   <li>Conmon only delivers output to clients it has accepted (its main loop accepts a pending
 *       connection within microseconds); output produced before is only in the log.</li>
 * </ul>
 *
 * <p>Thread-safety: one reading and one writing thread; {@link #close} from any thread. Reads and
 * writes block in native code: use platform threads ({@link SeqPacketSocket}).
 */
public final class ConmonAttach implements AutoCloseable {
  /** conmon's stdpipe_t values in the first byte of an output packet. */
  public static final int STDOUT_PIPE = 2;
  public static final int STDERR_PIPE = 3;

  /** conmon reads client packets into a 32 KiB buffer; stay well below it. */
  private static final int STDIN_CHUNK = 16 * 1024;

  /** One output packet: which pipe, and the bytes. */
  public record Output(int pipe, byte[] data) {
    public boolean stderr() { return pipe == STDERR_PIPE; }
  }

  private final SeqPacketSocket socket;
  private final byte[] buf = new byte[SeqPacketSocket.MAX_PACKET];

  private ConmonAttach(SeqPacketSocket socket) { this.socket = socket; }

  /** The attach socket of the container whose bundle is {@code bundle}. */
  public static Path socketPath(Path bundle) { return bundle.resolve("attach"); }

  /**
   * Connects to the conmon of the container in {@code bundle}.
   *
   * @throws io.berth.engine.sys.ErrnoException ECONNREFUSED or ENOENT when no conmon listens (the
   *     container is not running, or has just exited)
   */
  public static ConmonAttach connect(Path bundle) throws IOException {
    return new ConmonAttach(SeqPacketSocket.connect(socketPath(bundle)));
  }

  /** The next output packet; empty at the end (the container exited, or {@link #close}). */
  public Optional<Output> read() throws IOException {
    while (true) {
      int n = socket.read(buf);
      if (n < 0) return Optional.empty();
      if (n <= 1) continue; // nothing but a pipe byte
      return Optional.of(new Output(buf[0], Arrays.copyOfRange(buf, 1, n)));
    }
  }

  /** Sends bytes to the container's stdin. */
  public void writeStdin(byte[] b, int off, int len) throws IOException {
    for (int done = 0; done < len; ) {
      int n = Math.min(STDIN_CHUNK, len - done);
      socket.write(b, off + done, n);
      done += n;
    }
  }

  /** End of this client's input (see the class comment for what conmon does then). */
  public void closeStdin() throws IOException { socket.shutdownOutput(); }

  @Override public void close() { socket.close(); }
}
