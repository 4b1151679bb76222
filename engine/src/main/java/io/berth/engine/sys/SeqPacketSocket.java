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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX}/{@code SOCK_SEQPACKET} socket, the kind conmon's attach socket is. The
 * JDK's unix-domain channels are stream sockets only, so this goes through FFM: socket, connect,
 * recv, send, shutdown, close.
 *
 * <p>Message boundaries are kept: each {@link #write} is one packet, each {@link #read} returns one
 * packet (truncated to the buffer if it is larger: use a buffer of {@link #MAX_PACKET}). A read of
 * {@code -1} is the peer's end of output (it shut down or closed).
 *
 * <p><b>Blocking:</b> {@link #read} and {@link #write} block in native code, which pins a virtual
 * thread to its carrier; call them from platform threads.
 *
 * <p>Thread-safety: one reading and one writing thread may work at once; {@link #close} may be called
 * from any thread: it shuts the socket down first, which wakes a blocked read (it returns -1) or
 * write (it fails), and releases the descriptor only when no call is using it any more, so a
 * descriptor number is never reused under a running call.
 */
@SuppressWarnings("restricted") // the sys package is the audited user of native calls
public final class SeqPacketSocket implements AutoCloseable {
  /** Big enough for any packet conmon sends (it sends at most 8 KiB plus one byte). */
  public static final int MAX_PACKET = 64 * 1024;

  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SHUT_RD = 0;
  private static final int SHUT_WR = 1;
  private static final int SHUT_RDWR = 2;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int O_PATH = 0x200000;
  private static final int O_DIRECTORY = 0x10000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EINTR = 4;
  private static final int ENOTCONN = 107;
  /** sizeof(struct sockaddr_un): sa_family_t plus sun_path[108]. */
  private static final int SOCKADDR_UN_SIZE = 110;
  private static final int SUN_PATH_MAX = 107; // leaves the terminating NUL

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle CONNECT = call("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle RECV = call("recv", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle SEND = call("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle SHUTDOWN = call("shutdown", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(INT, PTR, INT, INT));

  private final int fd;
  private final String name;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment readBuf;
  private final MemorySegment writeBuf;
  private final MemorySegment readState;
  private final MemorySegment writeState;
  private final Object lock = new Object();
  private int users;
  private boolean closing;
  private boolean released;

  private SeqPacketSocket(int fd, String name) {
    this.fd = fd;
    this.name = name;
    this.readBuf = arena.allocate(MAX_PACKET);
    this.writeBuf = arena.allocate(MAX_PACKET);
    this.readState = arena.allocate(CALL_STATE);
    this.writeState = arena.allocate(CALL_STATE);
  }

  /** Takes over an already connected descriptor (an accepted connection; used by tests). */
  static SeqPacketSocket wrap(int fd, String name) { return new SeqPacketSocket(fd, name); }

  /**
   * Connects to the socket at {@code path}. A path longer than {@code sun_path} (107 bytes) is
   * reached through {@code /proc/self/fd/<dir>/<name>}, as conmon binds it.
   *
   * @throws ErrnoException e.g. ECONNREFUSED when nothing listens any more, ENOENT when it is gone
   */
  public static SeqPacketSocket connect(Path path) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CALL_STATE);
      int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      if (fd < 0) throw error("socket for " + path, state);
      int dirFd = -1;
      try {
        String target = path.toString();
        if (target.getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
          Path parent = path.toAbsolutePath().getParent();
          dirFd = (int) OPEN.invokeExact(state, a.allocateFrom(parent.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
          if (dirFd < 0) throw error("open " + parent, state);
          target = "/proc/self/fd/" + dirFd + "/" + path.getFileName();
          if (target.getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
            throw new ErrnoException("connect " + path + ": file name too long", 36);
          }
        }
        MemorySegment addr = a.allocate(SOCKADDR_UN_SIZE, 2);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        byte[] p = target.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
        int rc;
        do {
          rc = (int) CONNECT.invokeExact(state, fd, addr, SOCKADDR_UN_SIZE);
        } while (rc != 0 && errno(state) == EINTR);
        if (rc != 0) throw error("connect " + path, state);
        return new SeqPacketSocket(fd, path.toString());
      } catch (Throwable t) {
        int ignored = (int) CLOSE.invokeExact(state, fd);
        throw t;
      } finally {
        if (dirFd >= 0) {
          int ignored = (int) CLOSE.invokeExact(state, dirFd);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Reads one packet into {@code buf}: its length, 0 for an empty packet, or -1 at the end (the peer
   * shut down its output or closed, or this socket was closed).
   */
  public int read(byte[] buf) throws IOException {
    if (!enter()) return -1;
    try {
      long n;
      int limit = Math.min(buf.length, MAX_PACKET);
      do {
        n = (long) RECV.invokeExact(readState, fd, readBuf, (long) limit, 0);
      } while (n < 0 && errno(readState) == EINTR);
      if (n < 0) {
        if (closingNow()) return -1;
        throw error("recv from " + name, readState);
      }
      if (n == 0) return -1;
      MemorySegment.copy(readBuf, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) n);
      return (int) n;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    } finally {
      leave();
    }
  }

  /** Sends {@code len} bytes as one packet ({@code len <= MAX_PACKET}). Never raises SIGPIPE. */
  public void write(byte[] b, int off, int len) throws IOException {
    if (len < 0 || len > MAX_PACKET) throw new IllegalArgumentException("packet of " + len + " bytes");
    if (!enter()) throw new IOException("socket closed: " + name);
    try {
      MemorySegment.copy(b, off, writeBuf, ValueLayout.JAVA_BYTE, 0, len);
      long n;
      do {
        n = (long) SEND.invokeExact(writeState, fd, writeBuf, (long) len, MSG_NOSIGNAL);
      } while (n < 0 && errno(writeState) == EINTR);
      if (n < 0) throw error("send to " + name, writeState);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    } finally {
      leave();
    }
  }

  /** Half-close: the peer reads end-of-file; this side can still read. Idempotent. */
  public void shutdownOutput() throws IOException { shutdown(SHUT_WR, "shutdown output of "); }

  /** Stops reading: a blocked or later {@link #read} returns -1. Idempotent. */
  public void shutdownInput() throws IOException { shutdown(SHUT_RD, "shutdown input of "); }

  private void shutdown(int how, String what) throws IOException {
    if (!enter()) return;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CALL_STATE);
      int rc = (int) SHUTDOWN.invokeExact(state, fd, how);
      if (rc != 0 && errno(state) != ENOTCONN) throw error(what + name, state);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    } finally {
      leave();
    }
  }

  /** Closes the socket (idempotent); running reads and writes end (see the class comment). */
  @Override public void close() {
    synchronized (lock) {
      if (closing) return;
      closing = true;
      try (Arena a = Arena.ofConfined()) {
        int ignored = (int) SHUTDOWN.invokeExact(a.allocate(CALL_STATE), fd, SHUT_RDWR);
      } catch (Throwable ignored) {
        // the descriptor is released below in any case
      }
      if (users == 0) release();
    }
  }

  private boolean enter() {
    synchronized (lock) {
      if (closing) return false;
      users++;
      return true;
    }
  }

  private void leave() {
    synchronized (lock) {
      users--;
      if (closing && users == 0) release();
    }
  }

  private boolean closingNow() {
    synchronized (lock) {
      return closing;
    }
  }

  /** Under {@link #lock}, with no call running: closes the descriptor and frees the buffers. */
  private void release() {
    if (released) return;
    released = true;
    try (Arena a = Arena.ofConfined()) {
      int ignored = (int) CLOSE.invokeExact(a.allocate(CALL_STATE), fd);
    } catch (Throwable ignored) {
      // nothing more to do
    }
    arena.close();
  }



}
