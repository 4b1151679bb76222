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
 * Raw file-descriptor system calls that {@code exec} needs and the JDK does not offer: pipes whose
 * ends outlive a child process, reading and writing a pty master, a unix socket that receives a
 * file descriptor ({@code SCM_RIGHTS}), the terminal size ioctl, and waiting for a re-parented
 * child. Descriptors are plain {@code int}s; every one this class creates is close-on-exec, so no
 * child spawned meanwhile (conmon, runc) inherits it.
 *
 * <p>Calls that may block ({@link #read}, {@link #accept}, {@link #waitExit}) pin a virtual thread's
 * carrier: call them from platform threads, or after {@link #pollIn} said the descriptor is ready.
 * Every failure is an {@link ErrnoException} naming the call. Thread-safe (errno is captured per
 * call), but the usual fd rule applies: never close a descriptor another thread may still use.
 */
@SuppressWarnings("restricted") // audited native calls, as in Linux
public final class FdIo {
  public static final int EINTR = 4;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int EIO = 5;

  private static final int O_CLOEXEC = 02000000;
  private static final int AF_UNIX = 1;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_CLOEXEC = O_CLOEXEC;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final short POLLIN = 0x1;
  private static final long TIOCSWINSZ = 0x5414L;
  private static final int SUN_PATH_MAX = 108;
  private static final int P_PID = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle PIPE2 = call("pipe2", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle READ = call("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle POLL = call("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
  private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle BIND = call("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle LISTEN = call("listen", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle ACCEPT4 = call("accept4", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle RECVMSG = call("recvmsg", FunctionDescriptor.of(LONG, INT, PTR, INT));
  // ioctl(int, unsigned long, ...) is variadic: the third argument is passed as a variadic one.
  private static final MethodHandle IOCTL = call("ioctl", FunctionDescriptor.of(INT, INT, LONG, PTR),
      Linker.Option.firstVariadicArg(2));
  private static final MethodHandle WAITPID = call("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle WAITID = call("waitid", FunctionDescriptor.of(INT, INT, INT, PTR, INT));
  private static final MethodHandle KILL = call("kill", FunctionDescriptor.of(INT, INT, INT));

  private FdIo() {}

  /** pipe2(2) with O_CLOEXEC: {@code [readEnd, writeEnd]}. */
  public static int[] pipe() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment fds = arena.allocate(INT, 2);
      int rc = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
      check(rc, state, "pipe2");
      return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The path under which this process can open descriptor {@code fd} again ({@code /proc/self/fd/N}). */
  public static Path procPath(int fd) {
    return Path.of("/proc/self/fd/" + fd);
  }

  /** close(2); errors (EBADF, EINTR after the close took effect) are ignored. Negative fds are ignored. */
  public static void close(int fd) {
    Fds.close(fd);
  }

  /**
   * read(2) into {@code buf}: the count read, or -1 at end of file. EIO, which a pty master reports
   * once the last slave descriptor is closed, also counts as end of file. EINTR is retried.
   */
  public static int read(int fd, byte[] buf, int off, int len) throws IOException {
    if (len == 0) return 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment mem = arena.allocate(len);
      while (true) {
        long n = (long) READ.invokeExact(state, fd, mem, (long) len);
        if (n > 0) {
          MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
          return (int) n;
        }
        if (n == 0) return -1;
        int errno = errno(state);
        if (errno == EINTR) continue;
        if (errno == EIO) return -1;
        throw error("read fd " + fd, errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** write(2) until all of {@code buf[off, off+len)} is written (EINTR and short writes retried). */
  public static void writeFully(int fd, byte[] buf, int off, int len) throws IOException {
    if (len == 0) return;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment mem = arena.allocate(len);
      MemorySegment.copy(buf, off, mem, ValueLayout.JAVA_BYTE, 0, len);
      long done = 0;
      while (done < len) {
        long n = (long) WRITE.invokeExact(state, fd, mem.asSlice(done), (long) len - done);
        if (n >= 0) {
          done += n;
          continue;
        }
        int errno = errno(state);
        if (errno != EINTR) throw error("write fd " + fd, errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * poll(2) for input on one descriptor: true when a read would not block (data, end of file, or an
   * error condition), false when {@code timeoutMillis} passed first. EINTR counts as a timeout.
   */
  public static boolean pollIn(int fd, int timeoutMillis) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment pfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
      pfd.set(INT, 0, fd);
      pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
      int rc = (int) POLL.invokeExact(state, pfd, 1L, timeoutMillis);
      if (rc < 0) {
        int errno = errno(state);
        if (errno == EINTR) return false;
        throw error("poll fd " + fd, errno);
      }
      return rc > 0;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** A listening {@code AF_UNIX} stream socket bound at {@code path} (which must not exist). */
  public static int listenUnix(Path path) throws IOException {
    byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_MAX) {
      throw new ErrnoException("socket path too long (" + name.length + " bytes, the limit is "
          + (SUN_PATH_MAX - 1) + "): " + path, Linux.EINVAL);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) throw error("socket", errno(state));
      try {
        MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX, 2); // struct sockaddr_un
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
        check((int) BIND.invokeExact(state, fd, addr, 2 + name.length + 1), state, "bind " + path);
        check((int) LISTEN.invokeExact(state, fd, 4), state, "listen " + path);
        return fd;
      } catch (Throwable t) {
        close(fd);
        throw t;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** accept4(2) with SOCK_CLOEXEC; blocks until a client connects (poll first to bound the wait). */
  public static int accept(int listenFd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      while (true) {
        int fd = (int) ACCEPT4.invokeExact(state, listenFd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
        if (fd >= 0) return fd;
        int errno = errno(state);
        if (errno != EINTR) throw error("accept", errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Receives one message carrying a descriptor ({@code SCM_RIGHTS}, as runc's
   * {@code --console-socket} sends the pty master along with its name) and returns the descriptor,
   * close-on-exec. Throws when the peer sent no descriptor.
   */
  public static int receiveFd(int socketFd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment data = arena.allocate(4096);
      MemorySegment iov = arena.allocate(16, 8); // struct iovec { void *base; size_t len; }
      iov.set(PTR, 0, data);
      iov.set(LONG, 8, data.byteSize());
      // CMSG_SPACE(sizeof(int)) = 16-byte cmsghdr + 4 bytes of data, padded to 8: 24.
      MemorySegment control = arena.allocate(24, 8);
      // struct msghdr (x86_64/arm64): name, namelen(+pad), iov, iovlen, control, controllen, flags(+pad)
      MemorySegment msg = arena.allocate(56, 8);
      msg.set(PTR, 16, iov);
      msg.set(LONG, 24, 1L);
      msg.set(PTR, 32, control);
      msg.set(LONG, 40, control.byteSize());
      long n;
      while (true) {
        n = (long) RECVMSG.invokeExact(state, socketFd, msg, MSG_CMSG_CLOEXEC);
        if (n >= 0) break;
        int errno = errno(state);
        if (errno != EINTR) throw error("recvmsg", errno);
      }
      long controlLen = msg.get(LONG, 40);
      if (controlLen < 20) throw new ErrnoException("recvmsg: the peer sent no file descriptor", Linux.EINVAL);
      int level = control.get(INT, 8);
      int type = control.get(INT, 12);
      if (level != SOL_SOCKET || type != SCM_RIGHTS) {
        throw new ErrnoException("recvmsg: unexpected control message " + level + "/" + type, Linux.EINVAL);
      }
      return control.get(INT, 16);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** ioctl(TIOCSWINSZ): sets a terminal's size; the foreground process group gets SIGWINCH. */
  public static void setWindowSize(int fd, int rows, int cols) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment ws = arena.allocate(8, 2); // struct winsize { unsigned short row, col, xpixel, ypixel; }
      ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
      ws.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
      check((int) IOCTL.invokeExact(state, fd, TIOCSWINSZ, ws), state, "ioctl TIOCSWINSZ fd " + fd);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * waitpid(2), blocking, for one child (also one re-parented to us as a subreaper): its exit code,
   * or 128 + the signal that killed it (the shell's and Docker's convention).
   */
  public static int waitExit(int pid) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment status = arena.allocate(INT);
      while (true) {
        int rc = (int) WAITPID.invokeExact(state, pid, status, 0);
        if (rc == pid) break;
        int errno = errno(state);
        if (rc < 0 && errno == EINTR) continue;
        throw error("waitpid " + pid, errno);
      }
      int s = status.get(INT, 0);
      int termsig = s & 0x7f;
      return termsig == 0 ? (s >> 8) & 0xff : 128 + termsig;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Blocks until child {@code pid} has exited, without reaping it (waitid with WNOWAIT): the pid stays
   * a zombie, so it cannot be reused, until {@link #waitExit} collects it. This lets a caller signal
   * the process safely up to the moment it reaps it.
   */
  public static void awaitExitWithoutReaping(int pid) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment siginfo = arena.allocate(128, 8);
      while (true) {
        int rc = (int) WAITID.invokeExact(state, P_PID, pid, siginfo, WEXITED | WNOWAIT);
        if (rc == 0) return;
        int errno = errno(state);
        if (errno != EINTR) throw error("waitid " + pid, errno);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** kill(2). */
  public static void kill(int pid, int signal) throws IOException {
    if (pid <= 0) throw new IllegalArgumentException("refusing to signal pid " + pid);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      check((int) KILL.invokeExact(state, pid, signal), state, "kill " + pid);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }


  private static void check(int rc, MemorySegment state, String what) throws ErrnoException {
    if (rc < 0) throw error(what, errno(state));
  }

}
