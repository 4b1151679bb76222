package io.berth.engine.archive;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Extracts a tar archive into a directory of a {@link RootDir}, with the rules of Docker's
 * {@code PUT /containers/{id}/archive} (moby's {@code archive.Unpack} run chrooted in the container):
 * entry names are relative to the destination and may not climb out of it, missing parent directories
 * are created, an existing object is replaced unless both are directories (with
 * {@code noOverwriteDirNonDir} replacing a directory by a non-directory or the reverse is an error),
 * owners come from the archive or, with {@code copyUIDGID}, from the container's user, then xattrs,
 * mode bits and times (directories' times last). Whiteout names are ordinary files here: this is a
 * copy into a running file system, not a layer.
 *
 * <p>Safety: every parent directory is looked up through {@link RootDir} (symlinks resolve in the
 * container, never outside), and every object is created, changed or removed by one name relative to
 * a directory descriptor with calls that do not follow that name; a regular file is created with
 * {@code O_EXCL}; removal walks descriptors. So a tar entry such as {@code a -> /} followed by
 * {@code a/etc/passwd}, or a container process swapping directories for symlinks meanwhile, only
 * ever reaches files inside the container.
 *
 * <p>Accepts plain, gzip, bzip2 and zstd archives (sniffed). Errors: {@link
 * BerthException.InvalidArgument} for a bad archive or a refused entry ("Error processing tar
 * file: ..."); {@link BerthException.Internal} when the file system fails. What was extracted
 * before an error stays, as with Docker. Not thread-safe; one instance per archive.
 */
public final class TreeUntar {
  private static final System.Logger LOG = System.getLogger(TreeUntar.class.getName());
  private static final int BUFFER = 64 * 1024;

  /** A fixed owner for every extracted object ({@code copyUIDGID}: the container's user). */
  public record Owner(long uid, long gid) {}

  private record DirTimes(List<String> rel, FileTime mtime, FileTime atime) {}

  private final RootDir root;
  private final List<String> dest;
  private final boolean noOverwriteDirNonDir;
  private final Optional<Owner> owner;
  /** False for a build context: character and block devices are refused (FIFOs are not devices). */
  private boolean allowDevices = true;
  /** Open parent directories by their path relative to the destination ("" is the destination). */
  private final Map<String, RootDir.Found> dirs = new HashMap<>();
  private final List<DirTimes> dirTimes = new ArrayList<>();
  private final byte[] buf = new byte[BUFFER];

  private TreeUntar(RootDir root, List<String> dest, boolean noOverwriteDirNonDir, Optional<Owner> owner) {
    this.root = root;
    this.dest = List.copyOf(dest);
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.owner = owner;
  }

  /**
   * Extracts {@code archive} into {@code destination}, a directory found in {@code root} (its canonical
   * path is used: each entry's parent is looked up again from the root).
   */
  public static void extract(RootDir root, RootDir.Found destination, InputStream archive, boolean noOverwriteDirNonDir,
      Optional<Owner> owner) {
    extract(root, destination, archive, noOverwriteDirNonDir, owner, true);
  }

  /** As above; with {@code allowDevices} false a character or block device entry is refused ("device node ... not allowed"). */
  public static void extract(RootDir root, RootDir.Found destination, InputStream archive, boolean noOverwriteDirNonDir,
      Optional<Owner> owner, boolean allowDevices) {
    TreeUntar u = new TreeUntar(root, destination.path(), noOverwriteDirNonDir, owner);
    u.allowDevices = allowDevices;
    try {
      u.run(archive);
    } finally {
      u.dirs.values().forEach(RootDir.Found::close);
    }
  }

  private void run(InputStream archive) {
    TarArchiveInputStream tar;
    CountingInputStream counted;
    try {
      counted = new CountingInputStream(decompressing(archive));
      tar = new TarArchiveInputStream(counted);
    } catch (IOException e) {
      throw bad(e.getMessage());
    }
    int entries = 0;
    while (true) {
      TarArchiveEntry e;
      try {
        e = tar.getNextEntry();
      } catch (IOException | RuntimeException ex) { // Commons Compress throws IllegalArgumentException on bad headers
        throw bad(ex.getMessage() == null ? "unexpected EOF" : lower(ex.getMessage()));
      }
      if (e == null) break;
      entries++;
      try {
        entry(tar, e);
      } catch (ErrnoException | FileAlreadyExistsException ex) {
        throw BerthException.internal("Error processing tar file: " + ex.getMessage(), ex);
      } catch (IOException ex) {
        throw BerthException.internal("Error processing tar file: " + ex, ex);
      }
    }
    try {
      counted.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ex) {
      throw bad("unexpected EOF");
    }
    // A tar stream is whole 512-byte blocks (Go's reader says "unexpected EOF" otherwise); an empty
    // body is an empty archive, as in Docker.
    if (counted.count % 512 != 0) throw bad("unexpected EOF");
    for (DirTimes d : dirTimes.reversed()) {
      try {
        withParent(d.rel(), false, (parent, base) -> {
          Linux.lutimes(parent.proc().resolve(base), d.atime(), d.mtime());
          return null;
        });
      } catch (IOException ex) {
        // the directory went away meanwhile: nothing to stamp
      }
    }
  }

  private void entry(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
    String name = e.getName();
    List<String> rel = relative(name, name.startsWith("/"));
    if (!allowDevices && (e.isCharacterDevice() || e.isBlockDevice())) {
      throw bad("device node %s not allowed".formatted(quote(path(rel))));
    }
    boolean isDir = e.isDirectory();
    if (rel.isEmpty()) {
      // The destination itself ("." or "/"): it exists as a directory, and Docker leaves it as it is.
      if (isDir) return;
      throw bad("cannot overwrite directory %s with non-directory %s".formatted(quote(path(rel)), quote(path(rel))));
    }
    withParent(rel, true, (parent, base) -> {
      String target = path(rel);
      Optional<Fds.Stat> existing = lstat(parent, base);
      if (existing.isPresent()) {
        boolean existingDir = existing.get().isDirectory();
        if (noOverwriteDirNonDir && existingDir && !isDir) {
          throw bad("cannot overwrite directory %s with non-directory %s".formatted(quote(target), quote(path(List.of()))));
        }
        if (noOverwriteDirNonDir && !existingDir && isDir) {
          throw bad("cannot overwrite non-directory %s with directory %s".formatted(quote(target), quote(path(List.of()))));
        }
        if (!(existingDir && isDir)) {
          forget(rel);
          removeAll(parent.fd(), base);
        }
      }
      create(tar, e, parent, base, rel, existing.isPresent() && existing.get().isDirectory() && isDir);
      return null;
    });
  }

  private void create(TarArchiveInputStream tar, TarArchiveEntry e, RootDir.Found parent, String base, List<String> rel,
      boolean keptDir) throws IOException {
    Path at = parent.proc().resolve(base);
    boolean symlink = false;
    boolean chmod = true;
    if (e.isDirectory()) {
      if (!keptDir) Files.createDirectory(at);
      dirTimes.add(new DirTimes(rel, e.getLastModifiedTime(), atime(e)));
    } else if (e.isSymbolicLink()) {
      String link = e.getLinkName();
      if (link.isEmpty() || link.indexOf('\0') >= 0) throw bad("invalid symlink " + quote(path(rel)));
      // Docker refuses a relative link that climbs out of the extraction directory (by its text).
      List<String> linkDir = new ArrayList<>(rel.subList(0, rel.size() - 1));
      if (!climbsOut(linkDir, link)) {
        Files.createSymbolicLink(at, Path.of(link));
      } else {
        throw bad("invalid symlink %s -> %s".formatted(quote(path(rel)), quote(link)));
      }
      symlink = true;
    } else if (e.isLink()) {
      chmod = hardlink(e, at, rel);
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isFIFO() ? Linux.S_IFIFO : e.isCharacterDevice() ? Linux.S_IFCHR : Linux.S_IFBLK;
      Linux.mknod(at, type | (e.getMode() & 0777), e.isFIFO() ? 0 : Linux.makedev(e.getDevMajor(), e.getDevMinor()));
    } else if (e.isFile()) {
      try (OutputStream out = Files.newOutputStream(at, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long copied = 0;
        int n;
        while ((n = read(tar)) > 0) {
          out.write(buf, 0, n);
          copied += n;
        }
        if (!e.isSparse() && copied != e.getSize()) throw bad("unexpected EOF");
      }
    } else {
      throw bad("unhandled tar header type %d".formatted(e.getLinkFlag()));
    }
    long uid = owner.map(Owner::uid).orElse(e.getLongUserId());
    long gid = owner.map(Owner::gid).orElse(e.getLongGroupId());
    Linux.lchown(at, (int) uid, (int) gid);
    for (Map.Entry<String, byte[]> x : EntryWriter.xattrs(e).entrySet()) {
      if (symlink && x.getKey().startsWith("user.")) continue;
      try {
        Linux.lsetxattr(at, x.getKey(), x.getValue(), 0);
      } catch (ErrnoException ex) {
        if (ex.errno() != Linux.EOPNOTSUPP && ex.errno() != Linux.EPERM) throw ex;
        LOG.log(Level.WARNING, "skipping xattr {0} on {1}: {2}", x.getKey(), path(rel), ex.getMessage());
      }
    }
    if (!symlink && chmod) chmodNoFollow(parent, base, e.getMode());
    if (!e.isDirectory() && e.getLastModifiedTime() != null) Linux.lutimes(at, atime(e), e.getLastModifiedTime());
  }

  /** Links {@code at} to the archive's earlier entry; false when the target is a symlink (no chmod then). */
  private boolean hardlink(TarArchiveEntry e, Path at, List<String> rel) throws IOException {
    List<String> target = relative(e.getLinkName(), false);
    if (target.isEmpty()) throw bad("invalid hardlink %s -> %s".formatted(quote(path(rel)), quote(e.getLinkName())));
    return withParent(target, false, (tparent, tbase) -> {
      Optional<Fds.Stat> t = lstat(tparent, tbase);
      if (t.isEmpty() || t.get().isDirectory()) {
        throw bad("invalid hardlink %s -> %s".formatted(quote(path(rel)), quote(e.getLinkName())));
      }
      // link(2) does not follow a symlink that is the old name: the link is to what the archive wrote.
      Files.createLink(at, tparent.proc().resolve(tbase));
      return !t.get().isSymlink();
    });
  }

  /** chmod of {@code base} itself: through a descriptor on it, checked not to be a symlink. */
  private static void chmodNoFollow(RootDir.Found parent, String base, int mode) throws IOException {
    int fd = Fds.openat(parent.fd(), base, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
    try {
      if (!Fds.fstat(fd).isSymlink()) Linux.chmod(Fds.path(fd), mode);
    } finally {
      Fds.close(fd);
    }
  }

  @FunctionalInterface
  private interface InParent<T> {
    T run(RootDir.Found parent, String base) throws IOException;
  }

  /** Runs {@code work} with the directory holding {@code rel} (created when {@code create}) and its last name. */
  private <T> T withParent(List<String> rel, boolean create, InParent<T> work) throws IOException {
    List<String> parentRel = rel.subList(0, rel.size() - 1);
    String key = String.join("/", parentRel);
    RootDir.Found parent = dirs.get(key);
    if (parent == null) {
      String p = path(parentRel);
      parent = create ? root.mkdirs(p) : root.lookup(p, true);
      if (!parent.stat().isDirectory()) {
        parent.close();
        throw new ErrnoException(p + ": " + Linux.strerror(Fds.ENOTDIR), Fds.ENOTDIR);
      }
      dirs.put(key, parent);
    }
    return work.run(parent, rel.getLast());
  }

  /** Drops cached directories at or below {@code rel}: they are about to be removed. */
  private void forget(List<String> rel) {
    String key = String.join("/", rel);
    dirs.entrySet().removeIf(d -> {
      boolean below = d.getKey().equals(key) || d.getKey().startsWith(key + "/");
      if (below) d.getValue().close();
      return below;
    });
  }

  /** {@code rm -rf} of {@code name} in directory {@code dirFd}, walking descriptors, never following a link. */
  static void removeAll(int dirFd, String name) throws IOException {
    Optional<Fds.Stat> st = lstatAt(dirFd, name);
    if (st.isEmpty()) return;
    Path p = Fds.path(dirFd).resolve(name);
    if (st.get().isDirectory()) {
      int sub = Fds.openat(dirFd, name, Fds.O_PATH | Fds.O_NOFOLLOW | Fds.O_DIRECTORY, 0);
      try {
        List<String> children = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(Fds.path(sub))) {
          for (Path c : ds) children.add(c.getFileName().toString());
        }
        for (String c : children) removeAll(sub, c);
      } finally {
        Fds.close(sub);
      }
    }
    Files.deleteIfExists(p); // unlink(2)/rmdir(2) of the name itself
  }

  private static Optional<Fds.Stat> lstat(RootDir.Found dir, String name) throws IOException {
    return lstatAt(dir.fd(), name);
  }

  private static Optional<Fds.Stat> lstatAt(int dirFd, String name) throws IOException {
    try {
      return Optional.of(Fds.lstatat(dirFd, name));
    } catch (ErrnoException e) {
      if (e.errno() == Fds.ENOENT) return Optional.empty();
      throw e;
    }
  }

  /**
   * An entry name as components below the destination (Go's {@code filepath.Clean}, then
   * {@code Join(dest, name)}): {@code ..} that climbs above the destination is refused, except after a
   * leading {@code /}, where it stops at the destination as cleaning {@code /..} does.
   */
  static List<String> relative(String name, boolean absolute) {
    if (name.indexOf('\0') >= 0) throw bad("invalid name " + quote(name.replace('\0', '?')));
    List<String> out = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!out.isEmpty()) out.removeLast();
        else if (!absolute) throw bad("%s is outside of the extraction directory".formatted(quote(name)));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Whether link target {@code link}, joined as text to the link's directory {@code dir} (below the
   * destination), leaves the destination: Docker's check, Go's {@code Join}, which treats an absolute
   * target as relative too ({@code /../../x} climbs out, {@code /etc} does not).
   */
  static boolean climbsOut(List<String> dir, String link) {
    List<String> p = new ArrayList<>(dir);
    for (String c : link.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (p.isEmpty()) return true;
        p.removeLast();
      } else {
        p.add(c);
      }
    }
    return false;
  }

  /** The container path of {@code rel} below the destination. */
  private String path(List<String> rel) {
    List<String> all = new ArrayList<>(dest);
    all.addAll(rel);
    return "/" + String.join("/", all);
  }

  private int read(TarArchiveInputStream tar) {
    try {
      return tar.read(buf, 0, buf.length);
    } catch (IOException ex) {
      throw bad("unexpected EOF");
    }
  }

  /** Plain, gzip and zstd (see {@link Compression}) or bzip2 (magic "BZh"), told from the first bytes. */
  static InputStream decompressing(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, BUFFER);
    b.mark(6);
    byte[] head = b.readNBytes(6);
    b.reset();
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return new BZip2CompressorInputStream(b, true);
    if (head.length == 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) {
      throw bad("xz-compressed archives are not supported; send plain, gzip, bzip2 or zstd");
    }
    return Compression.detect(head).decompress(b);
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count += n;
      return n;
    }

    @Override public long skip(long n) throws IOException {
      long k = super.skip(n);
      count += k;
      return k;
    }
  }

  private static FileTime atime(TarArchiveEntry e) {
    FileTime a = e.getLastAccessTime();
    return a != null ? a : e.getLastModifiedTime();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String lower(String s) {
    String t = s.strip();
    return t.isEmpty() ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1);
  }

  private static BerthException.InvalidArgument bad(String message) {
    return BerthException.invalid("Error processing tar file: %s", message);
  }
}
