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
import java.time.Instant;

/**
 * File-descriptor-relative calls ({@code openat}, {@code statx}, {@code readlinkat}, {@code close}),
 * the building blocks of path resolution that cannot be redirected: a lookup of one name relative to
 * an open directory, without following a symlink, is not affected by what happens to the path that
 * led to the directory.
 *
 * <p>An open descriptor is also reachable as a path, {@code /proc/self/fd/N} ({@link #path}): the
 * kernel resolves that "magic link" to exactly the open file, so {@code path(dirFd).resolve(name)}
 * names {@code name} inside that very directory, and the JDK's file APIs (and {@link Linux}'s
 * {@code l*} calls, which never follow the last component) can work on it safely.
 *
 * <p>Static and thread-safe; errno is captured per call. Flag values are the kernel's for x86_64 and
 * arm64 (which differ for {@code O_DIRECTORY}/{@code O_NOFOLLOW}).
 */
@SuppressWarnings("restricted") // with Linux, the audited users of native calls
public final class Fds {
  private static final boolean ARM64 = System.getProperty("os.arch", "").equals("aarch64");

  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOCTTY = 0400;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECTORY = ARM64 ? 040000 : 0200000;
  public static final int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  public static final int ENOENT = 2;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int ELOOP = 40;

  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int STATX_SIZE = 256;
  private static final int PATH_MAX = 4096;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;

  // openat is variadic in C (the mode comes after "..."): the linker must be told.
  private static final MethodHandle OPENAT = call("openat",
      FunctionDescriptor.of(INT, INT, PTR, INT, INT), Linker.Option.firstVariadicArg(3));
  private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle STATX = call("statx", FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR));
  private static final MethodHandle READLINKAT = call("readlinkat", FunctionDescriptor.of(LONG, INT, PTR, PTR, LONG));
  private static final MethodHandle GETXATTR = call("getxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
  private static final MethodHandle LISTXATTR = call("listxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
  private static final int ENODATA = 61;
  private static final long XATTR_SIZE_MAX = 65536;

  private Fds() {}

  /** What statx reports of one file; {@code mode} holds the type bits ({@link Linux#S_IFMT}) and permissions. */
  public record Stat(int mode, long uid, long gid, long size, long nlink, long dev, long ino, int rdevMajor,
      int rdevMinor, Instant mtime, Instant atime) {
    public int type() { return mode & Linux.S_IFMT; }

    public boolean isDirectory() { return type() == Linux.S_IFDIR; }

    public boolean isSymlink() { return type() == Linux.S_IFLNK; }

    public boolean isRegular() { return type() == Linux.S_IFREG; }

    /** The twelve permission bits (with setuid, setgid, sticky). */
    public int permissions() { return mode & 07777; }
  }

  /** {@code /proc/self/fd/N}: the open file {@code fd} as a path (see the class comment). */
  public static Path path(int fd) {
    return Path.of("/proc/self/fd/" + fd);
  }

  /**
   * openat(2): {@code name} relative to directory {@code dirFd}; {@code mode} applies with
   * {@link #O_CREAT}. Returns the new descriptor (the caller closes it).
   */
  public static int openat(int dirFd, String name, int flags, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int fd = (int) OPENAT.invokeExact(state, dirFd, arena.allocateFrom(name), flags | O_CLOEXEC, mode);
      if (fd < 0) throw error("open " + name, state);
      return fd;
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** close(2); errors are ignored (the descriptor is gone either way). */
  public static void close(int fd) {
    if (fd < 0) return;
    try (Arena arena = Arena.ofConfined()) {
      int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
    } catch (Throwable t) {
      // nothing to do
    }
  }

  /** statx(2) of the open file {@code fd} itself (a symlink opened with O_PATH|O_NOFOLLOW is not followed). */
  public static Stat fstat(int fd) throws ErrnoException {
    return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, "fd " + fd);
  }

  /** statx(2) of {@code name} in directory {@code dirFd}, never following a symlink. */
  public static Stat lstatat(int dirFd, String name) throws ErrnoException {
    return statx(dirFd, name, AT_SYMLINK_NOFOLLOW, name);
  }

  private static Stat statx(int dirFd, String name, int flags, String what) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(STATX_SIZE, 8);
      int rc = (int) STATX.invokeExact(state, dirFd, arena.allocateFrom(name), flags, STATX_BASIC_STATS, buf);
      if (rc != 0) throw error("stat " + what, state);
      // struct statx: mask@0 blksize@4 attributes@8 nlink@16 uid@20 gid@24 mode(u16)@28 ino@32 size@40
      // blocks@48 attributes_mask@56 atime@64 btime@80 ctime@96 mtime@112 (timestamps: i64 sec, u32 nsec)
      // rdev_major@128 rdev_minor@132 dev_major@136 dev_minor@140
      int mode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28));
      long devMajor = Integer.toUnsignedLong(buf.get(INT, 136));
      long devMinor = Integer.toUnsignedLong(buf.get(INT, 140));
      return new Stat(mode, Integer.toUnsignedLong(buf.get(INT, 20)), Integer.toUnsignedLong(buf.get(INT, 24)),
          buf.get(LONG, 40), Integer.toUnsignedLong(buf.get(INT, 16)), (devMajor << 32) | devMinor,
          buf.get(LONG, 32), buf.get(INT, 128), buf.get(INT, 132), timestamp(buf, 112), timestamp(buf, 64));
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static Instant timestamp(MemorySegment buf, long offset) {
    return Instant.ofEpochSecond(buf.get(LONG, offset), Integer.toUnsignedLong(buf.get(INT, offset + 8)));
  }

  /**
   * readlinkat(2) with an empty name: the target of the symlink {@code fd} was opened on (with
   * {@code O_PATH|O_NOFOLLOW}), so the link read is the one that was looked up, not whatever has
   * taken its name since.
   */
  public static String readlink(int fd) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(PATH_MAX);
      long n = (long) READLINKAT.invokeExact(state, fd, arena.allocateFrom(""), buf, (long) PATH_MAX);
      if (n < 0) throw error("readlink fd " + fd, state);
      return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * The extended attribute {@code name} of the file {@code fd} is open on (any descriptor, O_PATH
   * included: read through its /proc magic link, which getxattr(2) follows to that very file), or
   * empty when it has none. The caller must not pass a descriptor on a symlink.
   */
  public static java.util.Optional<byte[]> getxattr(int fd, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(XATTR_SIZE_MAX);
      long n = (long) GETXATTR.invokeExact(state, arena.allocateFrom(path(fd).toString()), arena.allocateFrom(name),
          buf, XATTR_SIZE_MAX);
      if (n >= 0) return java.util.Optional.of(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
      int errno = errno(state);
      if (errno == ENODATA) return java.util.Optional.empty();
      throw new ErrnoException("getxattr " + name + ": " + Linux.strerror(errno), errno);
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * The names of the extended attributes of the file {@code fd} is open on (read through its /proc
   * magic link, as {@link #getxattr}); the caller must not pass a descriptor on a symlink.
   */
  public static java.util.List<String> listxattr(int fd) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(XATTR_SIZE_MAX);
      long n = (long) LISTXATTR.invokeExact(state, arena.allocateFrom(path(fd).toString()), buf, XATTR_SIZE_MAX);
      if (n < 0) throw new ErrnoException("listxattr fd " + fd + ": " + Linux.strerror(errno(state)), errno(state));
      java.util.List<String> names = new java.util.ArrayList<>();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf.get(ValueLayout.JAVA_BYTE, i) != 0) continue;
        if (i > start) {
          names.add(new String(buf.asSlice(start, i - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
      return names;
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** True when {@code e} is a failed call that set {@code errno}. */
  public static boolean is(IOException e, int errno) {
    return e instanceof ErrnoException x && x.errno() == errno;
  }
}
