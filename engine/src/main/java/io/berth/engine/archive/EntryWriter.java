package io.berth.engine.archive;

import static io.berth.engine.archive.LayerPaths.invalid;
import static io.berth.engine.archive.LayerPaths.lstat;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Linux;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Creates the file system object for one tar entry inside a layer directory, with its owner, mode
 * bits, extended attributes and times, and turns OCI whiteouts into overlayfs ones.
 *
 * <p>Directory modes and times are applied last ({@link #finish}): writing into a directory changes
 * its mtime, and a read-only mode would stop a non-root applier from filling it.
 *
 * <p>Not thread-safe; one instance per layer.
 */
final class EntryWriter {
  private static final System.Logger LOG = System.getLogger(EntryWriter.class.getName());
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String WHITEOUT_META_PREFIX = ".wh..wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private record DirMeta(int mode, FileTime mtime, FileTime atime) {}

  private final LayerPaths paths;
  private final boolean root = Linux.isRoot();
  private final Map<Path, DirMeta> dirs = new LinkedHashMap<>();

  EntryWriter(LayerPaths paths) {
    this.paths = paths;
  }

  /** What the applier must do with the entry's content after {@link #create}. */
  sealed interface Created {
    /** The entry has no content to copy (or its content is to be skipped). */
    record Done() implements Created {}
    /** Copy the entry's content into this freshly created, empty regular file, then {@link #finishFile}. */
    record RegularFile(Path path) implements Created {}
  }

  /** Creates the object for {@code e}; a regular file is created empty for the caller to fill. */
  Created create(TarArchiveEntry e) throws IOException {
    String name = e.getName();
    List<String> comps = LayerPaths.clean(name);
    if (comps.stream().anyMatch(c -> c.startsWith(WHITEOUT_META_PREFIX))
        && !(comps.getLast().equals(OPAQUE_MARKER))) {
      return new Created.Done(); // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content
    }
    if (comps.isEmpty()) {
      if (!e.isDirectory()) throw invalid("entry for the layer root is not a directory: %s", name);
      ownAndXattrs(paths.root(), e, false);
      dirs.put(paths.root(), new DirMeta(e.getMode(), e.getLastModifiedTime(), atime(e)));
      return new Created.Done();
    }
    String base = comps.getLast();
    if (base.startsWith(WHITEOUT_PREFIX)) {
      whiteout(comps, base, name);
      return new Created.Done();
    }
    if (e.isDirectory()) {
      Path parent = paths.parentOf(comps, name);
      Path dir = parent.resolve(base);
      boolean replacedWhiteout = makeDirectory(dir);
      // A directory replacing a whited-out path of a lower layer must not merge with it.
      if (replacedWhiteout) Linux.lsetxattr(dir, OPAQUE_XATTR, new byte[] {'y'}, 0);
      ownAndXattrs(dir, e, false);
      dirs.put(dir, new DirMeta(e.getMode(), e.getLastModifiedTime(), atime(e)));
      return new Created.Done();
    }
    if (e.isLink()) {
      hardlink(comps, e, name);
      return new Created.Done();
    }
    Path target = paths.parentOf(comps, name).resolve(base);
    replace(target);
    if (e.isSymbolicLink()) {
      String link = e.getLinkName();
      if (link.isEmpty() || link.indexOf('\0') >= 0) throw invalid("bad symlink target for %s", name);
      Files.createSymbolicLink(target, Path.of(link));
      finishNonDirectory(target, e, true);
      return new Created.Done();
    }
    if (e.isFIFO() || e.isCharacterDevice() || e.isBlockDevice()) {
      int type = e.isFIFO() ? Linux.S_IFIFO : e.isCharacterDevice() ? Linux.S_IFCHR : Linux.S_IFBLK;
      long dev = e.isFIFO() ? 0 : Linux.makedev(e.getDevMajor(), e.getDevMinor());
      Linux.mknod(target, type | (e.getMode() & 0777), dev);
      finishNonDirectory(target, e, false);
      return new Created.Done();
    }
    if (e.isFile()) {
      if (e.getSize() < 0) throw invalid("negative size for %s", name);
      Files.createFile(target); // O_EXCL: never opens through a link
      return new Created.RegularFile(target);
    }
    throw invalid("unsupported entry type '%c' for %s", (char) e.getLinkFlag(), name);
  }

  /** Owner, mode, xattrs and times of a regular file the caller has filled. */
  void finishFile(Path file, TarArchiveEntry e) throws IOException {
    finishNonDirectory(file, e, false);
  }

  /** Applies the deferred directory modes and times, deepest directories first. */
  void finish() throws IOException {
    List<Map.Entry<Path, DirMeta>> all = List.copyOf(dirs.entrySet());
    for (Map.Entry<Path, DirMeta> d : all.reversed()) {
      // Defence in depth: only a real directory reached without any symlink is touched.
      Optional<BasicFileAttributes> a = lstat(d.getKey());
      if (a.isEmpty() || !a.get().isDirectory() || !d.getKey().toRealPath().equals(d.getKey())) continue;
      Linux.chmod(d.getKey(), d.getValue().mode());
      setTimes(d.getKey(), d.getValue().mtime(), d.getValue().atime());
    }
  }

  // ---- whiteouts ---------------------------------------------------------------------------------

  private void whiteout(List<String> comps, String base, String name) throws IOException {
    if (base.equals(OPAQUE_MARKER)) {
      // Hides every lower-layer child of the directory (children of this layer stay visible).
      Path dir = paths.directory(comps.subList(0, comps.size() - 1), name);
      Linux.lsetxattr(dir, OPAQUE_XATTR, new byte[] {'y'}, 0);
      return;
    }
    String hidden = base.substring(WHITEOUT_PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw invalid("bad whiteout name: %s", name);
    }
    Path target = paths.parentOf(comps, name).resolve(hidden);
    Optional<BasicFileAttributes> existing = lstat(target);
    if (existing.isPresent()) {
      // The spec: a whiteout hides lower layers only. What this layer already put here stays; a
      // directory of this layer becomes opaque so nothing of the deleted lower path shows through.
      if (existing.get().isDirectory()) Linux.lsetxattr(target, OPAQUE_XATTR, new byte[] {'y'}, 0);
      return;
    }
    // overlayfs's whiteout: a character device 0:0 with the hidden name.
    Linux.mknod(target, Linux.S_IFCHR, Linux.makedev(0, 0));
  }

  // ---- objects -----------------------------------------------------------------------------------

  /** Makes {@code dir} a directory; true when it replaced an overlay whiteout of this layer. */
  private boolean makeDirectory(Path dir) throws IOException {
    Optional<BasicFileAttributes> existing = lstat(dir);
    if (existing.isPresent() && existing.get().isDirectory()) return false;
    boolean whiteout = existing.isPresent() && isWhiteoutDevice(dir);
    if (existing.isPresent()) Files.delete(dir);
    Files.createDirectory(dir);
    return whiteout;
  }

  private void hardlink(List<String> comps, TarArchiveEntry e, String name) throws IOException {
    List<String> targetComps = LayerPaths.clean(e.getLinkName());
    if (targetComps.isEmpty()) throw invalid("hardlink %s points at the layer root", name);
    Path targetParent = paths.existingParentOf(targetComps, e.getLinkName())
        .orElseThrow(() -> invalid("hardlink target not in layer: %s -> %s", name, e.getLinkName()));
    Path target = targetParent.resolve(targetComps.getLast());
    Optional<BasicFileAttributes> ta = lstat(target);
    if (ta.isEmpty()) throw invalid("hardlink target not in layer: %s -> %s", name, e.getLinkName());
    if (ta.get().isDirectory()) throw invalid("hardlink to a directory: %s -> %s", name, e.getLinkName());
    Path link = paths.parentOf(comps, name).resolve(comps.getLast());
    if (link.equals(target)) return; // a link to itself: nothing to do
    replace(link);
    Files.createLink(link, target); // link(2) does not follow a symlink target
  }

  /** Removes whatever is at {@code p} (a directory with its whole tree: tar's "later entry wins"). */
  private void replace(Path p) throws IOException {
    Optional<BasicFileAttributes> existing = lstat(p);
    if (existing.isEmpty()) return;
    if (existing.get().isDirectory()) {
      // Forget deferred metadata below p: p may become a symlink, and a later chmod through it
      // would land outside the layer.
      dirs.keySet().removeIf(d -> d.startsWith(p));
      AtomicFiles.deleteRecursively(p);
    } else {
      Files.delete(p);
    }
  }

  private void finishNonDirectory(Path p, TarArchiveEntry e, boolean symlink) throws IOException {
    ownAndXattrs(p, e, symlink);
    // chown(2) clears setuid/setgid, so the exact mode goes on after it; symlinks have no mode.
    if (!symlink) Linux.chmod(p, e.getMode());
    setTimes(p, e.getLastModifiedTime(), atime(e));
  }

  private void ownAndXattrs(Path p, TarArchiveEntry e, boolean symlink) throws IOException {
    if (root) Linux.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
    for (Map.Entry<String, byte[]> x : xattrs(e).entrySet()) {
      if (symlink && x.getKey().startsWith("user.")) continue; // the kernel refuses user.* on links
      try {
        Linux.lsetxattr(p, x.getKey(), x.getValue(), 0);
      } catch (ErrnoException ex) {
        if (ex.errno() != Linux.EOPNOTSUPP && ex.errno() != Linux.EPERM) throw ex;
        LOG.log(Level.WARNING, "skipping xattr {0} on {1}: {2}", x.getKey(), p, ex.getMessage());
      }
    }
  }

  /**
   * The entry's extended attributes from PAX records: {@code LIBARCHIVE.xattr.*} (base64, exact
   * bytes) wins over {@code SCHILY.xattr.*} (which Commons Compress hands over UTF-8-decoded, so a
   * binary value that is not valid UTF-8 cannot be restored and is skipped with a warning).
   * {@code trusted.overlay.*} is never taken from an archive: overlay metadata (opaque, redirect)
   * comes only from whiteout entries, so a layer cannot forge it.
   */
  static Map<String, byte[]> xattrs(TarArchiveEntry e) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
      String k = h.getKey();
      if (k.startsWith("SCHILY.xattr.")) {
        String name = k.substring("SCHILY.xattr.".length());
        if (h.getValue().indexOf('\uFFFD') >= 0) {
          LOG.log(Level.WARNING, "skipping binary xattr {0} on {1}: not valid UTF-8", name, e.getName());
          continue;
        }
        out.putIfAbsent(name, h.getValue().getBytes(StandardCharsets.UTF_8));
      } else if (k.startsWith("LIBARCHIVE.xattr.")) {
        String name = java.net.URLDecoder.decode(k.substring("LIBARCHIVE.xattr.".length()), StandardCharsets.UTF_8);
        try {
          out.put(name, Base64.getDecoder().decode(h.getValue().strip()));
        } catch (IllegalArgumentException bad) {
          throw invalid("bad base64 xattr %s on %s", name, e.getName());
        }
      }
    }
    out.keySet().removeIf(n -> n.startsWith("trusted.overlay.") || n.isEmpty() || n.indexOf('\0') >= 0);
    return out;
  }

  private static boolean isWhiteoutDevice(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    long rdev = (Long) a.get("rdev");
    return (mode & Linux.S_IFMT) == Linux.S_IFCHR && rdev == 0;
  }

  private static FileTime atime(TarArchiveEntry e) {
    FileTime a = e.getLastAccessTime();
    return a != null ? a : e.getLastModifiedTime();
  }

  private static void setTimes(Path p, FileTime mtime, FileTime atime) throws IOException {
    if (mtime == null) return;
    // Not BasicFileAttributeView.setTimes: the JDK opens the file for it, which blocks on a fifo
    // and opens device nodes. utimensat(AT_SYMLINK_NOFOLLOW) also sets a symlink's own times.
    Linux.lutimes(p, atime, mtime);
  }
}
