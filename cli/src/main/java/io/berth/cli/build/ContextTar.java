package io.berth.cli.build;

import io.berth.oci.context.DockerIgnore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a build context directory as a tar stream, entry by entry as it walks (nothing is held in
 * memory but one buffer), as the docker CLI's {@code archive.TarWithOptions} does for a build:
 * depth-first, each directory's entries sorted by name; the root itself has no entry; excluded paths
 * are skipped ({@link DockerIgnore}), an excluded directory is not entered unless an exception may
 * re-include something in it (then its own entry is still left out); owners are 0:0
 * ({@code ChownOpts}), names carry no user or group name, times are whole seconds; directories end in
 * {@code /}; symlinks are archived, not followed; a file with several links is archived once and then
 * as hard links to its first name; FIFOs and device nodes are archived, sockets left out; long names
 * and big numbers use PAX headers.
 *
 * <p>With an {@link Extra} Dockerfile (one from stdin or outside the context: the CLI's
 * {@code AddDockerfileToBuildContext}) the {@code .dockerignore} entry gets the extra file's name
 * appended (so the daemon drops it from the context after reading it), or is added at the end with
 * {@code .dockerignore} and that name when there is none, and the Dockerfile itself is added at the
 * end, mode 0600.
 */
public final class ContextTar {
  private static final int BUFFER = 64 * 1024;
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;

  /** A Dockerfile to add under {@code name} (".dockerfile.RANDOM"). */
  public record Extra(String name, byte[] content) {}

  private final Path root;
  private final DockerIgnore excludes;
  private final Optional<Extra> extra;
  private final TarArchiveOutputStream tar;
  private final Map<String, String> hardlinks = new HashMap<>();
  private final byte[] buf = new byte[BUFFER];
  private boolean sawDockerignore;

  private ContextTar(Path root, DockerIgnore excludes, Optional<Extra> extra, OutputStream out) {
    this.root = root;
    this.excludes = excludes;
    this.extra = extra;
    // 512-byte records: the archive ends after its two zero blocks, as Go's writer ends it (so the
    // "Sending build context" size is docker's), not padded to 10 KiB
    this.tar = new TarArchiveOutputStream(out, 512, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Writes the archive of directory {@code root} to {@code out} and finishes it (without closing {@code out}). */
  public static void write(Path root, DockerIgnore excludes, Optional<Extra> extra, OutputStream out) throws IOException {
    ContextTar t = new ContextTar(root, excludes, extra, out);
    t.walk(root, "");
    if (extra.isPresent()) {
      Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond()); // whole seconds, no PAX mtime
      t.addBytes(extra.get().name(), extra.get().content(), now);
      if (!t.sawDockerignore) {
        t.addBytes(".dockerignore", (".dockerignore\n" + extra.get().name() + "\n").getBytes(StandardCharsets.UTF_8), now);
      }
    }
    t.tar.finish();
    out.flush();
  }

  private void walk(Path dir, String rel) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) names.add(c.getFileName().toString());
    }
    names.sort(null); // Go's WalkDir: lexical order of the names' bytes (UTF-16 order agrees for BMP names)
    for (String n : names) {
      Path p = dir.resolve(n);
      String name = rel.isEmpty() ? n : rel + "/" + n;
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      if (excludes.excluded(name, isDir)) {
        if (isDir && excludes.mayReinclude(name)) walk(p, name);
        continue;
      }
      add(p, name);
      if (isDir) walk(p, name);
    }
  }

  private void add(Path p, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev,nlink,ino,dev,size,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    int type = mode & S_IFMT;
    if (type == S_IFSOCK) return; // no tar form: docker skips sockets
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      put(entry(name + "/", TarConstants.LF_DIR, a), null, 0);
    } else if (Files.isSymbolicLink(p)) {
      TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, a);
      e.setLinkName(Files.readSymbolicLink(p).toString());
      put(e, null, 0);
    } else if (type == S_IFCHR || type == S_IFBLK || type == S_IFIFO) {
      TarArchiveEntry e = entry(name, type == S_IFCHR ? TarConstants.LF_CHR : type == S_IFBLK ? TarConstants.LF_BLK
          : TarConstants.LF_FIFO, a);
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) (((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L)));
      e.setDevMinor((int) ((rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L)));
      put(e, null, 0);
    } else {
      if ((Integer) a.get("nlink") > 1) {
        String first = hardlinks.putIfAbsent(a.get("dev") + ":" + a.get("ino"), name);
        if (first != null) {
          TarArchiveEntry e = entry(name, TarConstants.LF_LINK, a);
          e.setLinkName(first);
          put(e, null, 0);
          return;
        }
      }
      if (name.equals(".dockerignore") && extra.isPresent()) {
        sawDockerignore = true;
        byte[] content = Files.readAllBytes(p);
        byte[] more = ("\n" + extra.get().name() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(content, content.length + more.length);
        System.arraycopy(more, 0, all, content.length, more.length);
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, a);
        e.setSize(all.length);
        put(e, new ByteArrayInputStream(all), all.length);
        return;
      }
      long size = (Long) a.get("size");
      TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, a);
      e.setSize(size);
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        put(e, in, size);
      }
    }
  }

  private void addBytes(String name, byte[] content, Instant now) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setMode(0600);
    e.setSize(content.length);
    e.setModTime(FileTime.from(now));
    put(e, new ByteArrayInputStream(content), content.length);
  }

  /** Writes the header and exactly {@code size} bytes of {@code in} (zeros if the file shrank meanwhile). */
  private void put(TarArchiveEntry e, InputStream in, long size) throws IOException {
    tar.putArchiveEntry(e);
    long left = size;
    if (in != null) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) break;
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    if (left > 0) {
      java.util.Arrays.fill(buf, (byte) 0);
      while (left > 0) {
        int n = (int) Math.min(buf.length, left);
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, byte type, Map<String, Object> a) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode((Integer) a.get("mode") & 07777);
    e.setUserId(0L);
    e.setGroupId(0L);
    e.setUserName("");
    e.setGroupName("");
    long seconds = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
    e.setModTime(new Date(seconds * 1000));
    return e;
  }
}
