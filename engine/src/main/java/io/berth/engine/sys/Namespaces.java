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
 * Joining namespaces: {@code open(2)} of a namespace file ({@code /proc/<pid>/ns/net}),
 * {@code setns(2)} and {@code close(2)} on the raw descriptor, through FFM.
 *
 * <p>Why raw descriptors: {@code setns} takes an fd, and the JDK keeps the fd of its own files
 * private. A namespace fd also pins the namespace: it stays valid (and names the same namespace)
 * after the process it was opened through has exited and its pid was reused.
 *
 * <p>{@code setns} changes the namespace of the <em>calling thread</em> only. Call {@link #setns}
 * on a dedicated platform thread: a virtual thread would move its carrier, and with it every other
 * virtual thread that later runs there. Errors are {@link ErrnoException}s.
 */
@SuppressWarnings("restricted") // FFM calls, audited here as in Linux
public final class Namespaces {
  /** {@code CLONE_NEWNET}: the nstype of a network namespace. */
  public static final int CLONE_NEWNET = 0x40000000;

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

  private static final MethodHandle OPEN = call("open",
      FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT));
  private static final MethodHandle SETNS = call("setns", FunctionDescriptor.of(INT, INT, INT));

  private Namespaces() {}

  /** Opens a namespace file read-only (close-on-exec, so no helper process inherits it). */
  public static int open(Path nsFile) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(nsFile.toString()), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw error("open " + nsFile, state);
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Moves the calling thread into the namespace {@code fd} refers to; {@code nstype} guards the kind. */
  public static void setns(int fd, int nstype) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) SETNS.invokeExact(state, fd, nstype);
      if (rc != 0) throw error("setns " + fd, state);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** close(2); failures are ignored (the descriptor is gone either way on Linux). */
  public static void close(int fd) {
    Fds.close(fd);
  }


}
