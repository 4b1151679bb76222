package io.berth.cli.cp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar archive of one local file or directory tree, as the docker CLI sends it to
 * {@code PUT /containers/{id}/archive} (moby's {@code TarResourceRebase}): the top entry is named after
 * the source's last element ({@code ./} for a {@code dir/.} source, whose children become {@code ./x}),
 * renamed as the copy rules say; symlinks are archived, not followed; owners and modes as on disk,
 * times in whole seconds, files with several links as hard links to the first; sockets are left out.
 */
public final class LocalTar {
  private static final int BUFFER = 64 * 1024;
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;

  private final TarArchiveOutputStream tar;
  private final java.util.function.UnaryOperator<String> rename;
  private final Map<String, String> hardlinks = new HashMap<>();
  private final byte[] buf = new byte[BUFFER];
  private long contentBytes;

  private LocalTar(OutputStream out, java.util.function.UnaryOperator<String> rename) {
    this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    this.rename = rename;
  }

  /**
   * Writes the archive of {@code sourcePath} (an absolute local path, possibly ending in {@code /.}) to
   * {@code out} with every entry name passed through {@code rename}, and finishes it (without closing
   * {@code out}). Returns the bytes of regular file content written.
   */
  public static long write(String sourcePath, java.util.function.UnaryOperator<String> rename, OutputStream out)
      throws IOException {
    String[] split = CpPaths.splitPathDirEntry(sourcePath);
    Path dir = Path.of(split[0]);
    String base = split[1];
    LocalTar t = new LocalTar(out, rename);
    Path top = base.equals(".") ? dir : dir.resolve(base);
    t.add(top, base);
    t.tar.finish();
    out.flush();
    return t.contentBytes;
  }

  private void add(Path p, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,nlink,ino,dev,size,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    int type = mode & S_IFMT;
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, p, a));
      List<String> children = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        for (Path c : ds) children.add(c.getFileName().toString());
      }
      children.sort(null);
      String prefix = name.endsWith("/") ? name : name + "/";
      for (String c : children) add(p.resolve(c), prefix + c);
    } else if (Files.isSymbolicLink(p)) {
      TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, p, a);
      e.setLinkName(Files.readSymbolicLink(p).toString());
      put(e);
    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      addFile(p, name, a);
    } else if (type == S_IFCHR || type == S_IFBLK || type == S_IFIFO) {
      TarArchiveEntry e = entry(name, type == S_IFCHR ? TarConstants.LF_CHR : type == S_IFBLK ? TarConstants.LF_BLK
          : TarConstants.LF_FIFO, p, a);
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) (((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L)));
      e.setDevMinor((int) ((rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L)));
      put(e);
    }
    // sockets: no tar form
  }

  private void addFile(Path p, String name, Map<String, Object> a) throws IOException {
    if ((Integer) a.get("nlink") > 1) {
      String first = hardlinks.putIfAbsent(a.get("dev") + ":" + a.get("ino"), name);
      if (first != null) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, p, a);
        e.setLinkName(rename.apply(first));
        put(e);
        return;
      }
    }
    long size = (Long) a.get("size");
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, p, a);
    e.setSize(size);
    tar.putArchiveEntry(e);
    long left = size;
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) break;
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    java.util.Arrays.fill(buf, (byte) 0);
    while (left > 0) { // the file shrank while we read it: keep the archive well-formed
      int n = (int) Math.min(buf.length, left);
      tar.write(buf, 0, n);
      left -= n;
    }
    tar.closeArchiveEntry();
    contentBytes += size;
  }

  private void put(TarArchiveEntry e) throws IOException {
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private TarArchiveEntry entry(String name, byte type, Path p, Map<String, Object> a) {
    TarArchiveEntry e = new TarArchiveEntry(rename.apply(name), type, true);
    e.setMode((Integer) a.get("mode") & 07777);
    e.setUserId(((Integer) a.get("uid")).longValue());
    e.setGroupId(((Integer) a.get("gid")).longValue());
    try {
      PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      e.setUserName(pa.owner().getName());
      e.setGroupName(pa.group().getName());
    } catch (IOException | RuntimeException ignored) {
      // numeric owners only
    }
    long seconds = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
    e.setModTime(new Date(seconds * 1000));
    return e;
  }
}
