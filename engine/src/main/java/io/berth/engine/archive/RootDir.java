package io.berth.engine.archive;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An open directory that is "/" for path lookups: a container's root filesystem, seen from berthd.
 * Every lookup stays inside it, whatever the files in it say and whatever they change into while we
 * look.
 *
 * <p>How (the CVE-2018-15664 class of bugs is a lookup on the host's side that a container process
 * redirects, by swapping a directory for a symlink, between the check and the use): a path is walked
 * one component at a time with {@code openat(dir, name, O_PATH|O_NOFOLLOW)} from descriptors, never
 * from strings; a symlink met on the way is read from its own descriptor and its target walked again
 * with this root as "/" (an absolute target restarts at the root); {@code ..} goes back to the
 * descriptor we came from and never above the root. A component that is swapped after we opened it
 * cannot affect us: we hold the object, not the name. This is what {@code openat2(RESOLVE_IN_ROOT)}
 * does in the kernel; it is done here in user space because it must also create missing directories on
 * the way and work on kernels before 5.6 (RHEL 8's 4.18). Alternatives and why not: freezing the
 * container during the copy (moby's 2019 fix) stops the container and still needs safe lookups for the
 * racing-free case; a chroot'ed helper process would mean running a program on the container's files.
 * Nothing in the container is ever loaded or executed (the CVE-2019-14271 class).
 *
 * <p>Results are {@link Found} objects holding an {@code O_PATH} descriptor; operations on an object
 * go through it, or through {@code /proc/self/fd/N/<one name>} with calls that do not follow the last
 * component ({@link Fds#path}).
 *
 * <p>Errors are {@link ErrnoException}s: ENOENT for a missing component, ENOTDIR when a non-directory
 * is used as one, ELOOP after 40 symlinks. Thread-safety: lookups may run concurrently; closing while
 * lookups run is the caller's bug.
 */
public final class RootDir implements AutoCloseable {
  private static final int MAX_SYMLINKS = 40; // the kernel's MAXSYMLINKS

  private final int fd;

  private RootDir(int fd) {
    this.fd = fd;
  }

  /** Opens host directory {@code dir} (a trusted path: it is followed) as the root. */
  public static RootDir open(Path dir) throws IOException {
    return new RootDir(Fds.openat(Linux.AT_FDCWD, dir.toString(), Fds.O_PATH | Fds.O_DIRECTORY, 0));
  }

  /** Takes ownership of {@code dirFd}, an open directory (closed by {@link #close}). */
  public static RootDir adopt(int dirFd) {
    return new RootDir(dirFd);
  }

  /** The root's own descriptor (owned by this object). */
  public int fd() { return fd; }

  /**
   * One object found in the root: an {@code O_PATH} descriptor on it (owned, closed by {@link #close}),
   * what it was when opened, and its canonical path (no symlinks, no dots) as components.
   */
  public record Found(int fd, Fds.Stat stat, List<String> path) implements AutoCloseable {
    public Found {
      path = List.copyOf(path);
    }

    /** The canonical path, {@code /a/b}; {@code /} for the root itself. */
    public String absolutePath() { return "/" + String.join("/", path); }

    /** Its descriptor as a path, {@code /proc/self/fd/N}. */
    public Path proc() { return Fds.path(fd); }

    @Override public void close() { Fds.close(fd); }
  }

  /**
   * Looks {@code path} up. Every component but the last must be a directory (symlinks to one are
   * followed); the last is followed only when {@code followLast} (a trailing {@code /} or {@code /.}
   * always makes the last one a directory to enter, as in the kernel).
   */
  public Found lookup(String path, boolean followLast) throws IOException {
    return walk(path, followLast, false);
  }

  /**
   * Looks up {@code path} as a directory, creating what is missing on the way ({@code mkdir -p}, mode
   * 0777 less berthd's umask, owned by berthd: root), following every symlink.
   *
   * @throws ErrnoException ENOTDIR when something on the way is not a directory
   */
  public Found mkdirs(String path) throws IOException {
    Found f = walk(path, true, true);
    if (!f.stat().isDirectory()) {
      f.close();
      throw new ErrnoException("mkdir " + f.absolutePath() + ": " + Linux.strerror(Fds.ENOTDIR), Fds.ENOTDIR);
    }
    return f;
  }

  /**
   * The canonical form of {@code path}: every symlink resolved in the root as far as the components
   * exist, the missing rest appended as written (cleaned). Docker reports this as a symlink's
   * {@code linkTarget}; it is a description, never used to reach a file.
   */
  public String canonical(String path) throws IOException {
    Deque<String> todo = components(path);
    List<String> done = new ArrayList<>();
    List<Integer> fds = new ArrayList<>();
    int links = 0;
    try {
      while (!todo.isEmpty()) {
        String c = todo.pollFirst();
        if (c.equals(".")) continue;
        if (c.equals("..")) {
          if (!done.isEmpty()) {
            done.removeLast();
            if (fds.size() > done.size()) Fds.close(fds.removeLast());
          }
          continue;
        }
        if (fds.size() < done.size()) { // below a missing component: lexical from here on
          done.add(c);
          continue;
        }
        int child;
        try {
          child = Fds.openat(fds.isEmpty() ? fd : fds.getLast(), c, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
          if (e.errno() != Fds.ENOENT && e.errno() != Fds.ENOTDIR) throw e;
          done.add(c);
          continue;
        }
        Fds.Stat st = Fds.fstat(child);
        if (st.isSymlink()) {
          String target = Fds.readlink(child);
          Fds.close(child);
          if (++links > MAX_SYMLINKS) throw loop(path);
          if (target.startsWith("/")) {
            fds.forEach(Fds::close);
            fds.clear();
            done.clear();
          }
          pushFront(todo, target);
          continue;
        }
        fds.add(child);
        done.add(c);
      }
      return "/" + String.join("/", done);
    } finally {
      fds.forEach(Fds::close);
    }
  }

  private Found walk(String path, boolean followLast, boolean create) throws IOException {
    Deque<String> todo = components(path);
    List<Integer> fds = new ArrayList<>(); // owned; fds.get(i) is the directory names.get(i)
    List<String> names = new ArrayList<>();
    int links = 0;
    try {
      while (!todo.isEmpty()) {
        String c = todo.pollFirst();
        if (c.equals(".")) continue;
        if (c.equals("..")) {
          // The directory we came through, not the kernel's "..": a directory moved meanwhile cannot
          // take us anywhere, and the root's parent is the root.
          if (!names.isEmpty()) {
            names.removeLast();
            Fds.close(fds.removeLast());
          }
          continue;
        }
        boolean last = todo.isEmpty();
        int dir = fds.isEmpty() ? fd : fds.getLast();
        int child = openOrCreate(dir, c, create, names);
        Fds.Stat st;
        try {
          st = Fds.fstat(child);
        } catch (IOException e) {
          Fds.close(child);
          throw e;
        }
        if (st.isSymlink() && (!last || followLast)) {
          String target;
          try {
            target = Fds.readlink(child);
          } finally {
            Fds.close(child);
          }
          if (++links > MAX_SYMLINKS) throw loop(path);
          if (target.startsWith("/")) {
            fds.forEach(Fds::close);
            fds.clear();
            names.clear();
          }
          pushFront(todo, target);
          continue;
        }
        if (!last && !st.isDirectory()) {
          Fds.close(child);
          names.add(c);
          throw new ErrnoException("/" + String.join("/", names) + ": " + Linux.strerror(Fds.ENOTDIR), Fds.ENOTDIR);
        }
        fds.add(child);
        names.add(c);
      }
      int result = fds.isEmpty() ? Fds.openat(fd, ".", Fds.O_PATH | Fds.O_DIRECTORY, 0) : fds.removeLast();
      try {
        Fds.Stat st = Fds.fstat(result);
        if (path.endsWith("/") && !st.isDirectory()) { // "file/" names a directory, as for the kernel
          throw new ErrnoException("/" + String.join("/", names) + "/: " + Linux.strerror(Fds.ENOTDIR), Fds.ENOTDIR);
        }
        return new Found(result, st, names);
      } catch (IOException | RuntimeException e) {
        Fds.close(result);
        throw e;
      }
    } finally {
      fds.forEach(Fds::close);
    }
  }

  private static int openOrCreate(int dir, String name, boolean create, List<String> above) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return Fds.openat(dir, name, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
      } catch (ErrnoException e) {
        String where = "/" + String.join("/", above) + (above.isEmpty() ? "" : "/") + name;
        if (e.errno() != Fds.ENOENT) throw new ErrnoException(where + ": " + Linux.strerror(e.errno()), e.errno());
        if (!create || attempt > 0) {
          throw new ErrnoException(where + ": " + Linux.strerror(Fds.ENOENT), Fds.ENOENT);
        }
      }
      try {
        // mkdir(2) never follows the name it creates; a racing creator makes this fail with EEXIST
        // and we open whatever it created (walked like any other component).
        // No chmod by name afterwards: the name may be a symlink by then. The mode is 0777 less
        // berthd's umask (0755), as Docker's MkdirAll gives.
        Files.createDirectory(Fds.path(dir).resolve(name));
      } catch (FileAlreadyExistsException e) {
        // someone else made it: open it on the next attempt
      }
    }
  }

  private static Deque<String> components(String path) {
    Deque<String> out = new ArrayDeque<>();
    for (String c : path.split("/")) if (!c.isEmpty()) out.add(c);
    return out;
  }

  private static void pushFront(Deque<String> todo, String target) {
    List<String> parts = List.copyOf(components(target));
    for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
  }

  private static ErrnoException loop(String path) {
    return new ErrnoException(path + ": " + Linux.strerror(Fds.ELOOP), Fds.ELOOP);
  }

  @Override public void close() {
    Fds.close(fd);
  }
}
