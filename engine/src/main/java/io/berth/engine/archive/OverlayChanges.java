package io.berth.engine.archive;

import io.berth.engine.sys.Linux;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changes a container made to its image's file system ({@code docker diff}), computed from its
 * overlay upper directory and the image's layer directories.
 *
 * <p>The result is what dockerd reports: the tree the image shows (the lower layers merged) compared
 * with the tree the container shows (the upper directory over them), by moby's rules
 * ({@code archive.ChangesDirs}): a path only in the container's tree is added (A, and so is everything
 * under it), one only in the image's is deleted (D, the top of a deleted tree only), one in both is
 * modified (C) when its type, mode, owner or device differ, or, for a non-directory, its size or
 * modification time (seconds, and nanoseconds unless one side has none) or its {@code
 * security.capability}. A directory with any change below it is modified too. A file the container
 * only opened for writing (overlay copied it up unchanged) is therefore not a change, nor is a
 * directory whose only change is its modification time.
 *
 * <p>Only the upper directory is walked: a path the container never touched is the same in both
 * trees. Overlay's own markers are read as such: a character device 0/0 is a whiteout (a deletion),
 * the {@code trusted.overlay.opaque=y} directory replaced the lower directory of that name (its lower
 * children are gone from the container's tree). The mount points the runtime makes for an image that
 * lacks them ({@code /proc}, {@code /etc/hosts}, ...) are not changes: Docker keeps them in an "init"
 * layer under the container's, so {@code docker diff} never shows them (see {@link #runtimeMountPoint}).
 *
 * <p>The output is sorted by path, component by component ({@code /a} and everything under it before
 * {@code /a-b}); dockerd's order is that of Go map iteration (random).
 *
 * <p>The lower layers are committed snapshots nobody writes; the upper directory is the container's
 * and may change while it runs: entries that vanish during the walk are skipped. Only attributes are
 * read (lstat, getxattr), never file contents, and no symlink is followed. Stateless; thread-safe.
 */
public final class OverlayChanges {
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";
  private static final String CAPABILITY_XATTR = "security.capability";
  private static final Set<String> MOUNT_POINT_DIRS = Set.of("/proc", "/sys", "/dev", "/dev/pts", "/dev/shm", "/etc");
  private static final Set<String> MOUNT_POINT_FILES = Set.of("/etc/resolv.conf", "/etc/hostname", "/etc/hosts",
      "/dev/console");
  /** Component-wise order: "/a/b" sorts right after "/a", before "/a-b". */
  public static final Comparator<String> PATH_ORDER = (a, b) -> Arrays.compare(a.split("/"), b.split("/"));

  private OverlayChanges() {}

  /**
   * The changes of {@code upper} over {@code lowers} (the image's layer directories, top layer first),
   * sorted by path.
   */
  public static List<Change> of(Path upper, List<Path> lowers) throws IOException {
    List<Change> out = new ArrayList<>();
    walk("", upper, List.copyOf(lowers), out);
    out.sort(Comparator.comparing(Change::path, PATH_ORDER));
    return out;
  }

  /**
   * Whether container path {@code path} is one the runtime creates as a mount point when the image
   * lacks it, and the object found there ({@code directory}, or a regular file of {@code size}) looks
   * like such a mount point: Docker's init layer holds these, below the container's own layer.
   */
  public static boolean runtimeMountPoint(String path, boolean directory, boolean regular, long size) {
    return directory ? MOUNT_POINT_DIRS.contains(path) : regular && size == 0 && MOUNT_POINT_FILES.contains(path);
  }

  /** lstat attributes of one file; {@code mode} includes the type bits. */
  record Attrs(int mode, int uid, int gid, long rdev, long size, FileTime mtime) {
    int type() { return mode & Linux.S_IFMT; }

    boolean isDirectory() { return type() == Linux.S_IFDIR; }

    boolean isRegular() { return type() == Linux.S_IFREG; }

    /** overlayfs's whiteout: a character device with device number 0/0. */
    boolean isWhiteout() { return type() == Linux.S_IFCHR && rdev == 0; }
  }

  /** What the image's merged tree has at one path: its attributes and, for a directory, the layer dirs that make it up. */
  record Lower(Attrs attrs, List<Path> dirs) {}

  private static void walk(String dir, Path upper, List<Path> lowerDirs, List<Change> out) throws IOException {
    Set<String> names = children(upper);
    for (String name : names) {
      String path = dir + "/" + name;
      Path u = upper.resolve(name);
      Optional<Attrs> ua = lstat(u);
      if (ua.isEmpty()) continue; // gone while we walked
      Optional<Lower> lower = lookup(lowerDirs, name);
      if (ua.get().isWhiteout()) {
        if (lower.isPresent()) out.add(new Change(path, Change.Kind.DELETED));
        continue;
      }
      int mark = out.size();
      boolean recorded = false;
      if (lower.isEmpty()) {
        if (!runtimeMountPoint(path, ua.get().isDirectory(), ua.get().isRegular(), ua.get().size())) {
          out.add(new Change(path, Change.Kind.ADDED));
          recorded = true;
        }
      } else if (different(lower.get().attrs(), ua.get()) || !sameCapability(lower.get(), name, u, ua.get())) {
        out.add(new Change(path, Change.Kind.MODIFIED));
        recorded = true;
      }
      if (!ua.get().isDirectory()) continue;
      List<Path> below = lower.filter(l -> l.attrs().isDirectory()).map(Lower::dirs).orElse(List.of());
      walk(path, u, below, out);
      if (!below.isEmpty() && opaque(u)) {
        // The container's directory replaced the image's: what the image had there and the
        // container does not is deleted.
        Set<String> mine = children(u);
        for (String gone : visibleNames(below)) {
          if (!mine.contains(gone)) out.add(new Change(path + "/" + gone, Change.Kind.DELETED));
        }
      }
      if (!recorded && out.size() > mark) out.add(new Change(path, Change.Kind.MODIFIED));
    }
  }

  /** moby's {@code statDifferent}: directories compare type, mode, owner; other files also size and mtime. */
  static boolean different(Attrs a, Attrs b) {
    if (a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid() || a.rdev() != b.rdev()) return true;
    if (a.isDirectory()) return false;
    return a.size() != b.size() || !sameTime(a.mtime(), b.mtime());
  }

  /** Seconds equal, and nanoseconds equal unless one side has none (a file system or tar without them). */
  static boolean sameTime(FileTime a, FileTime b) {
    var x = a.toInstant();
    var y = b.toInstant();
    return x.getEpochSecond() == y.getEpochSecond()
        && (x.getNano() == y.getNano() || x.getNano() == 0 || y.getNano() == 0);
  }

  private static boolean sameCapability(Lower lower, String name, Path upper, Attrs ua) throws IOException {
    if (ua.isDirectory() || ua.type() == Linux.S_IFLNK || lower.attrs().type() == Linux.S_IFLNK) return true;
    Optional<Path> lowerFile = lower.dirs().isEmpty() ? Optional.empty() : Optional.of(lower.dirs().getFirst());
    byte[] mine = xattr(upper, CAPABILITY_XATTR).orElse(new byte[0]);
    byte[] theirs = lowerFile.flatMap(f -> xattrQuietly(f, CAPABILITY_XATTR)).orElse(new byte[0]);
    return Arrays.equals(mine, theirs);
  }

  /**
   * What the merged tree of {@code dirs} (the layer directories making up one directory, top first)
   * has under {@code name}: the first layer that has the name decides (a whiteout hides it); a
   * directory continues through the layers below until one has a non-directory there, or after one
   * where it is opaque. For a non-directory, {@link Lower#dirs} holds just the file itself.
   */
  static Optional<Lower> lookup(List<Path> dirs, String name) throws IOException {
    for (int i = 0; i < dirs.size(); i++) {
      Path p = dirs.get(i).resolve(name);
      Optional<Attrs> a = lstat(p);
      if (a.isEmpty()) continue;
      if (a.get().isWhiteout()) return Optional.empty();
      if (!a.get().isDirectory()) return Optional.of(new Lower(a.get(), List.of(p)));
      List<Path> merged = new ArrayList<>();
      merged.add(p);
      if (!opaque(p)) {
        for (int j = i + 1; j < dirs.size(); j++) {
          Path q = dirs.get(j).resolve(name);
          Optional<Attrs> b = lstat(q);
          if (b.isEmpty()) continue;
          if (!b.get().isDirectory()) break; // a whiteout or a file: nothing further down shows
          merged.add(q);
          if (opaque(q)) break;
        }
      }
      return Optional.of(new Lower(a.get(), List.copyOf(merged)));
    }
    return Optional.empty();
  }

  /** The names the merged directory {@code dirs} shows (whiteouts hide lower names). */
  private static Set<String> visibleNames(List<Path> dirs) throws IOException {
    Set<String> seen = new TreeSet<>();
    Set<String> visible = new TreeSet<>();
    for (Path d : dirs) {
      for (String n : children(d)) {
        if (!seen.add(n)) continue;
        Optional<Attrs> a = lstat(d.resolve(n));
        if (a.isPresent() && !a.get().isWhiteout()) visible.add(n);
      }
    }
    return visible;
  }

  static boolean opaque(Path dir) throws IOException {
    Optional<byte[]> v = xattr(dir, OPAQUE_XATTR);
    return v.isPresent() && v.get().length == 1 && v.get()[0] == 'y';
  }

  private static Optional<byte[]> xattr(Path p, String name) throws IOException {
    try {
      return Linux.lgetxattr(p, name);
    } catch (IOException e) {
      if (e instanceof io.berth.engine.sys.ErrnoException x
          && (x.errno() == Linux.ENOENT || x.errno() == Linux.EOPNOTSUPP)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Optional<byte[]> xattrQuietly(Path p, String name) {
    try {
      return xattr(p, name);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The names in directory {@code dir}, sorted; empty when it is gone. */
  static Set<String> children(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) names.add(p.getFileName().toString());
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return new LinkedHashSet<>();
    }
    return names;
  }

  static Optional<Attrs> lstat(Path p) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,size,lastModifiedTime",
          LinkOption.NOFOLLOW_LINKS);
      return Optional.of(new Attrs((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
          (Long) a.get("rdev"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime")));
    } catch (java.nio.file.FileSystemException e) {
      if (e instanceof NoSuchFileException || String.valueOf(e.getReason()).contains("Not a directory")) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
