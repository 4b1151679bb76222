package io.berth.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A process started in a running container by {@link OciRuntime#exec}: its stdio and its exit.
 *
 * <p>Without a terminal, {@link #stdin()} is a pipe to the process (closing it gives the process
 * EOF while its output keeps flowing) and {@link #stdout()}/{@link #stderr()} are pipes from it,
 * ending once every process holding them has closed them. With a terminal, stdin writes to the pty
 * master, {@link #stdout()} reads everything the terminal prints and {@link #stderr()} is empty.
 * Streams that were not requested are empty (input) or discard what is written (output).
 *
 * <p>{@link #exit()} completes with the exit code (128 + signal number for a killed process) once
 * the process has ended; output may still be buffered then. {@link #close()} releases the
 * descriptors: call it once the output has been read or is abandoned. Each stream may be used by one
 * thread at a time; different streams and the other methods from any thread.
 */
public interface ExecProcess extends AutoCloseable {

  /** The process's pid in berthd's pid namespace. */
  int pid();

  boolean terminal();

  OutputStream stdin();

  InputStream stdout();

  InputStream stderr();

  /** Sets the terminal size (rows, columns); does nothing without a terminal or after the exit. */
  void resize(int height, int width) throws IOException;

  CompletableFuture<Integer> exit();

  /** Sends {@code signal}; does nothing once the process has exited (its pid is never reused under us). */
  void signal(int signal) throws IOException;

  @Override void close();
}
