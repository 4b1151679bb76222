package io.berth.engine.archive;

import io.berth.engine.logs.JsonFileFormat;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's {@code ContainerPathStat}, sent base64-encoded in the {@code X-Docker-Container-Path-Stat}
 * header of {@code HEAD}/{@code GET /containers/{id}/archive}: the name, size, Go {@code os.FileMode}
 * bits, modification time and (for a symlink) its target resolved in the container.
 *
 * @param name       the base name of the requested path as Docker computes it ({@code /} for the root,
 *                   {@code .} for a path ending in {@code /.})
 * @param mode       Go's {@code os.FileMode}: permission bits plus type and special bits (see {@link #goMode})
 * @param linkTarget the fully resolved target, an absolute container path, or empty when not a symlink
 */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
  public static final String HEADER = "X-Docker-Container-Path-Stat";

  // Go's os.FileMode bits (io/fs): type bits at the top, then setuid/setgid/sticky.
  static final long MODE_DIR = 1L << 31;
  static final long MODE_SYMLINK = 1L << 27;
  static final long MODE_DEVICE = 1L << 26;
  static final long MODE_NAMED_PIPE = 1L << 25;
  static final long MODE_SOCKET = 1L << 24;
  static final long MODE_SETUID = 1L << 23;
  static final long MODE_SETGID = 1L << 22;
  static final long MODE_CHAR_DEVICE = 1L << 21;
  static final long MODE_STICKY = 1L << 20;
  private static final int S_IFSOCK = 0140000;

  /** Go's {@code os.FileMode} for a Linux {@code st_mode}, as {@code os.Lstat} computes it. */
  public static long goMode(int stMode) {
    long m = stMode & 0777;
    switch (stMode & Linux.S_IFMT) {
      case Linux.S_IFDIR -> m |= MODE_DIR;
      case Linux.S_IFLNK -> m |= MODE_SYMLINK;
      case Linux.S_IFBLK -> m |= MODE_DEVICE;
      case Linux.S_IFCHR -> m |= MODE_DEVICE | MODE_CHAR_DEVICE;
      case Linux.S_IFIFO -> m |= MODE_NAMED_PIPE;
      case S_IFSOCK -> m |= MODE_SOCKET;
      default -> { }
    }
    if ((stMode & 04000) != 0) m |= MODE_SETUID;
    if ((stMode & 02000) != 0) m |= MODE_SETGID;
    if ((stMode & 01000) != 0) m |= MODE_STICKY;
    return m;
  }

  static PathStat of(String name, Fds.Stat st, String linkTarget) {
    return new PathStat(name, st.size(), goMode(st.mode()), st.mtime(), linkTarget);
  }

  public boolean isDirectory() { return (mode & MODE_DIR) != 0; }

  /** The JSON document, keys in Docker's order; the time as Go's RFC 3339 with nanoseconds. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("size", size);
    m.put("mode", mode);
    m.put("mtime", JsonFileFormat.rfc3339Nano(mtime));
    m.put("linkTarget", linkTarget);
    return m;
  }

  /** The header value: standard base64 of the JSON document {@code json} (see {@link #toJson}). */
  public static String headerValue(byte[] json) {
    return Base64.getEncoder().encodeToString(json);
  }

  /**
   * The name Docker gives a requested path: the last element of the path made absolute, with a
   * trailing {@code /.} kept ({@code .}) and a trailing {@code /} dropped; the root is {@code /}.
   */
  public static String baseName(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
    if (p.isEmpty() || p.equals("/")) return "/";
    String base = p.substring(p.lastIndexOf('/') + 1);
    if (base.equals("..")) {
      // "/a/.." is cleaned to "/" by Go's Join before the base is taken
      return cleanBase(path);
    }
    return base;
  }

  private static String cleanBase(String path) {
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        out.pollLast();
      } else {
        out.addLast(c);
      }
    }
    return out.isEmpty() ? "/" : out.peekLast();
  }
}
