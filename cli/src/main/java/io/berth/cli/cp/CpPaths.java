package io.berth.cli.cp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * docker's copy path rules (moby's {@code archive} copy helpers), as pure functions on '/' paths: Go's
 * {@code filepath.Clean}/{@code Base}/{@code Dir}, the trailing {@code /} and {@code /.} conventions (a
 * trailing {@code /.} copies a directory's contents, a trailing {@code /} asserts a directory), and the
 * decision where an archive of the source goes and how its entries are renamed.
 */
public final class CpPaths {
  private CpPaths() {}

  /** What is known about one side of a copy. {@code rebaseName} renames the source's top entry. */
  public record CopyInfo(String path, boolean exists, boolean isDir, String rebaseName) {
    public CopyInfo(String path, boolean exists, boolean isDir) {
      this(path, exists, isDir, "");
    }
  }

  /** Where to extract, and how to rename the archive's entries on the way. */
  public record Prepared(String dstDir, UnaryOperator<String> rename) {}

  /** Go's {@code filepath.Clean}. */
  public static String clean(String path) {
    return io.berth.oci.GoPaths.clean(path);
  }


  /** Go's {@code filepath.Base}: the last element, trailing slashes ignored; "/" for the root. */
  public static String base(String path) {
    if (path.isEmpty()) return ".";
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
    if (p.equals("/")) return "/";
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** Go's {@code filepath.Dir}: all but the last element, cleaned. */
  public static String dir(String path) {
    int i = path.lastIndexOf('/');
    return clean(path.substring(0, i + 1));
  }

  /** Go's {@code filepath.Join} of two elements. */
  public static String join(String a, String b) {
    if (a.isEmpty()) return clean(b);
    if (b.isEmpty()) return clean(a);
    return clean(a + "/" + b);
  }

  public static boolean hasTrailingSeparator(String path) {
    return path.endsWith("/");
  }

  /** The last element is {@code .} (a directory's contents). */
  public static boolean specifiesCurrentDir(String path) {
    return base(path).equals(".");
  }

  /** A trailing {@code /} or {@code /.}: the path must be a directory. */
  public static boolean assertsDirectory(String path) {
    return hasTrailingSeparator(path) || specifiesCurrentDir(path);
  }

  /** {@code cleaned} with the trailing {@code /.} or {@code /} of {@code original} put back. */
  public static String preserveTrailingDotOrSeparator(String cleaned, String original) {
    String p = cleaned;
    if (!specifiesCurrentDir(p) && specifiesCurrentDir(original)) {
      if (!hasTrailingSeparator(p)) p += "/";
      p += ".";
    }
    if (!hasTrailingSeparator(p) && hasTrailingSeparator(original)) p += "/";
    return p;
  }

  /** The directory and the entry of {@code path}, keeping a trailing {@code .}: "a/b/." → ("a/b", "."). */
  public static String[] splitPathDirEntry(String path) {
    String cleaned = clean(path);
    if (specifiesCurrentDir(path)) cleaned += "/.";
    return new String[] {dir(cleaned), base(cleaned)};
  }

  /**
   * After following a symlink: the resolved path with the original's trailing {@code /.} or {@code /},
   * and the name the archive's top entry must get (the original's) when the last element changed.
   */
  public static CopyInfo rebased(String path, String resolved) {
    String r = resolved;
    if (specifiesCurrentDir(path) && !specifiesCurrentDir(r)) r += "/.";
    if (hasTrailingSeparator(path) && !hasTrailingSeparator(r)) r += "/";
    String rebase = base(path).equals(base(r)) ? "" : base(path);
    return new CopyInfo(r, true, false, rebase);
  }

  /** Go's {@code strings.Replace(name, old, new, 1)}; an old base of "/" becomes "" (prefixing). */
  public static String rebaseEntry(String name, String oldBase, String newBase) {
    String old = oldBase.equals("/") ? "" : oldBase;
    int i = name.indexOf(old);
    if (i < 0) return name;
    return name.substring(0, i) + newBase + name.substring(i + old.length());
  }

  /** The entry renaming {@code oldBase → newBase}. */
  public static UnaryOperator<String> rebase(String oldBase, String newBase) {
    return name -> rebaseEntry(name, oldBase, newBase);
  }

  /**
   * moby's {@code PrepareArchiveCopy}: extract into an existing directory as is; otherwise into the
   * destination's parent, renaming the source's top entry to the destination's name.
   *
   * @throws IllegalArgumentException "cannot copy directory" (a directory onto a file) or
   *     "no such directory" (a file onto a missing path asserted to be a directory)
   */
  public static Prepared prepareArchiveCopy(CopyInfo src, CopyInfo dst) {
    String[] d = splitPathDirEntry(dst.path());
    String dstDir = d[0];
    String dstBase = d[1];
    String srcBase = src.rebaseName().isEmpty() ? splitPathDirEntry(src.path())[1] : src.rebaseName();
    if (dst.exists() && dst.isDir()) return new Prepared(dst.path(), UnaryOperator.identity());
    if (dst.exists() && src.isDir()) throw new IllegalArgumentException("cannot copy directory");
    if (dst.exists() || src.isDir()) return new Prepared(dstDir, rebase(srcBase, dstBase));
    if (assertsDirectory(dst.path())) throw new IllegalArgumentException("no such directory");
    return new Prepared(dstDir, rebase(srcBase, dstBase));
  }

  /**
   * docker's {@code CONTAINER:PATH} split: a path that starts with "/" or "." is local even with a ':'
   * ({@code ./file:name.txt}); otherwise what precedes the first ':' is the container.
   */
  public static Optional<String[]> splitContainerArg(String arg) {
    if (arg.startsWith("/")) return Optional.empty();
    int colon = arg.indexOf(':');
    if (colon < 0 || arg.startsWith(".")) return Optional.empty();
    return Optional.of(new String[] {arg.substring(0, colon), arg.substring(colon + 1)});
  }
}
