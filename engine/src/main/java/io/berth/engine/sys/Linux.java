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
import java.util.Optional;

/**
 * The Linux system calls Java lacks, called through the FFM API ({@code java.lang.foreign}) on the
 * C library. This is the one place in Berth that talks to libc directly; nothing shells out to
 * {@code mount}.
 *
 * <p>Every call that fails throws {@link ErrnoException} (an {@link IOException}) whose message names
 * the call, the path and {@code strerror(errno)}. Methods are static and thread-safe: {@code errno}
 * is captured per call ({@code Linker.Option.captureCallState}), never read from a shared global.
 *
 * <p>The JVM must run with {@code --enable-native-access=ALL-UNNAMED} (Surefire and the daemon
 * launcher pass it); without it Java 25 still works but prints a warning.
 */
@SuppressWarnings("restricted") // this class is the one audited user of native calls
public final class Linux {
  // mount(2) flags (linux/mount.h).
  public static final long MS_RDONLY = 1L;
  public static final long MS_NOSUID = 2L;
  public static final long MS_NODEV = 4L;
  public static final long MS_NOEXEC = 8L;
  public static final long MS_SYNCHRONOUS = 16L;
  public static final long MS_REMOUNT = 32L;
  public static final long MS_NOATIME = 1024L;
  public static final long MS_NODIRATIME = 2048L;
  public static final long MS_BIND = 4096L;
  public static final long MS_MOVE = 8192L;
  public static final long MS_REC = 16384L;
  public static final long MS_UNBINDABLE = 1L << 17;
  public static final long MS_PRIVATE = 1L << 18;
  public static final long MS_SLAVE = 1L << 19;
  public static final long MS_SHARED = 1L << 20;
  public static final long MS_RELATIME = 1L << 21;
  public static final long MS_STRICTATIME = 1L << 24;

  // umount2(2) flags.
  public static final int MNT_FORCE = 1;
  public static final int MNT_DETACH = 2;
  public static final int UMOUNT_NOFOLLOW = 8;

  // File type bits for mknod(2) (sys/stat.h).
  public static final int S_IFMT = 0170000;
  public static final int S_IFIFO = 0010000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;

  // *at(2) arguments.
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;

  // setxattr(2) flags.
  public static final int XATTR_CREATE = 1;
  public static final int XATTR_REPLACE = 2;

  // errno values (asm-generic/errno-base.h, errno.h) callers compare against.
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ERANGE = 34;
  public static final int ENODATA = 61;
  public static final int EOPNOTSUPP = 95;

  // statfs f_type magic numbers (linux/magic.h) used for cgroup and filesystem detection.
  public static final long CGROUP_SUPER_MAGIC = 0x27e0ebL;
  public static final long CGROUP2_SUPER_MAGIC = 0x63677270L;
  public static final long TMPFS_MAGIC = 0x01021994L;
  public static final long OVERLAYFS_SUPER_MAGIC = 0x794c7630L;
  public static final long EXT4_SUPER_MAGIC = 0xef53L;
  public static final long XFS_SUPER_MAGIC = 0x58465342L;
  public static final long BTRFS_SUPER_MAGIC = 0x9123683eL;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;
  /** struct statfs is 120 bytes on x86_64 and arm64; f_type is its first (long) field. */
  private static final long STATFS_SIZE = 256;

  private static final MethodHandle MOUNT = call("mount",
      FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
  private static final MethodHandle UMOUNT2 = call("umount2", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle MKNOD = call("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
  private static final MethodHandle LSETXATTR = call("lsetxattr",
      FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
  private static final MethodHandle LGETXATTR = call("lgetxattr",
      FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
  private static final MethodHandle LCHOWN = call("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
  private static final MethodHandle CHMOD = call("chmod", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle UTIMENSAT = call("utimensat",
      FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle STATFS = call("statfs", FunctionDescriptor.of(INT, PTR, PTR));
  private static final MethodHandle GETEUID = Native.LINKER.downcallHandle(
      Native.symbol("geteuid"), FunctionDescriptor.of(INT));
  private static final MethodHandle STRERROR = Native.LINKER.downcallHandle(
      Native.symbol("strerror"), FunctionDescriptor.of(PTR, INT));

  private Linux() {}

  /**
   * mount(2). {@code fstype} and {@code data} may be null (a bind or a propagation change).
   *
   * @throws ErrnoException e.g. {@code "mount overlay on /x: No such file or directory"}
   */
  public static void mount(String source, Path target, String fstype, long flags, String data)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) MOUNT.invokeExact(state, cstr(arena, source), cstr(arena, target.toString()),
          cstr(arena, fstype), flags, cstr(arena, data));
      check(rc, state, "mount " + (source == null ? "none" : source) + " on " + target);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** umount2(2); {@code flags} is a mix of {@link #MNT_DETACH}, {@link #MNT_FORCE}, … */
  public static void umount2(Path target, int flags) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) UMOUNT2.invokeExact(state, cstr(arena, target.toString()), flags);
      check(rc, state, "umount " + target);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * mknod(2): {@code mode} is a file type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO})
   * or'ed with permission bits (the umask applies; chmod afterwards for exact bits).
   */
  public static void mknod(Path path, int mode, long dev) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) MKNOD.invokeExact(state, cstr(arena, path.toString()), mode, dev);
      check(rc, state, "mknod " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** glibc's {@code makedev}: the 64-bit dev_t encoding of a major/minor pair. */
  public static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8)
        | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
  }

  public static int major(long dev) {
    return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
  }

  public static int minor(long dev) {
    return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
  }

  /** lsetxattr(2): sets an extended attribute on {@code path} itself (a symlink is not followed). */
  public static void lsetxattr(Path path, String name, byte[] value, int flags) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, buf, ValueLayout.JAVA_BYTE, 0, value.length);
      int rc = (int) LSETXATTR.invokeExact(state, cstr(arena, path.toString()), cstr(arena, name),
          buf, (long) value.length, flags);
      check(rc, state, "lsetxattr " + name + " on " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** lgetxattr(2): the attribute's value, or empty when {@code path} does not have it (ENODATA). */
  public static Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment p = cstr(arena, path.toString());
      MemorySegment n = cstr(arena, name);
      // Ask for the size, then read; retry if the value grew in between (ERANGE).
      for (int attempt = 0; attempt < 5; attempt++) {
        long size = (long) LGETXATTR.invokeExact(state, p, n, MemorySegment.NULL, 0L);
        if (size < 0) {
          int errno = errno(state);
          if (errno == ENODATA) return Optional.empty();
          throw error("lgetxattr " + name + " on " + path, errno);
        }
        MemorySegment buf = arena.allocate(Math.max(1, size));
        long got = (long) LGETXATTR.invokeExact(state, p, n, buf, size);
        if (got >= 0) return Optional.of(buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE));
        int errno = errno(state);
        if (errno == ENODATA) return Optional.empty();
        if (errno != ERANGE) throw error("lgetxattr " + name + " on " + path, errno);
      }
      throw error("lgetxattr " + name + " on " + path, ERANGE);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** lchown(2): changes the owner of {@code path} itself (a symlink is not followed). */
  public static void lchown(Path path, int uid, int gid) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) LCHOWN.invokeExact(state, cstr(arena, path.toString()), uid, gid);
      check(rc, state, "lchown " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * chmod(2) with all twelve mode bits (setuid, setgid, sticky included, which
   * {@code PosixFilePermission} cannot express). Follows symlinks, as chmod(2) does: callers must
   * not pass one.
   */
  public static void chmod(Path path, int mode) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) CHMOD.invokeExact(state, cstr(arena, path.toString()), mode & 07777);
      check(rc, state, "chmod " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * utimensat(2) with AT_SYMLINK_NOFOLLOW: sets the access and modification times of {@code path}
   * itself. Unlike {@code BasicFileAttributeView.setTimes}, which opens the file (and so blocks on
   * a fifo, or opens a device), this never opens anything.
   */
  public static void lutimes(Path path, java.nio.file.attribute.FileTime atime,
      java.nio.file.attribute.FileTime mtime) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment times = arena.allocate(32, 8); // struct timespec[2] {tv_sec, tv_nsec}
      java.time.Instant a = atime.toInstant();
      java.time.Instant m = mtime.toInstant();
      times.set(LONG, 0, a.getEpochSecond());
      times.set(LONG, 8, a.getNano());
      times.set(LONG, 16, m.getEpochSecond());
      times.set(LONG, 24, m.getNano());
      int rc = (int) UTIMENSAT.invokeExact(state, AT_FDCWD, cstr(arena, path.toString()), times,
          AT_SYMLINK_NOFOLLOW);
      check(rc, state, "utimensat " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** statfs(2) {@code f_type}: the filesystem magic of the mount holding {@code path}. */
  public static long statfsType(Path path) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
      int rc = (int) STATFS.invokeExact(state, cstr(arena, path.toString()), buf);
      check(rc, state, "statfs " + path);
      return buf.get(LONG, 0);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** geteuid(2). */
  public static int geteuid() {
    try {
      return (int) GETEUID.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** True when this process runs as root (effective uid 0). */
  public static boolean isRoot() {
    return geteuid() == 0;
  }

  /** The C library's text for {@code errno}, e.g. "No such file or directory". */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      if (s.equals(MemorySegment.NULL)) return "errno " + errno;
      return s.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }


  private static MemorySegment cstr(Arena arena, String s) {
    return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
  }

  private static void check(int rc, MemorySegment state, String what) throws ErrnoException {
    if (rc != 0) throw error(what, errno(state));
  }

}
