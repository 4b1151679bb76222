package io.berth.cli.cp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts an archive from a container into a local directory, as {@code docker cp} does (moby's
 * {@code Untar} with {@code NoLchown} and {@code NoOverwriteDirNonDir}): names relative to the
 * directory, parents created, an existing object replaced unless both are directories, a directory
 * never replaced by a non-directory or the reverse, modes and times kept, owners not (files belong to
 * whoever runs the command).
 *
 * <p>The archive comes from a container, so it is not trusted: a name may not climb out of the
 * directory, a relative symlink may not point out of it, a hard link must be to an entry inside it,
 * and a symlink the archive itself created is never walked through (an entry {@code a -> /etc}
 * followed by {@code a/passwd} is refused instead of writing {@code /etc/passwd}). Device nodes and
 * fifos are skipped (creating them needs privileges the CLI does not assume).
 */
public final class LocalUntar {
  private static final int BUFFER = 64 * 1024;

  private final Path dest;
  private final UnaryOperator<String> rename;
  private final PrintStream warnings;
  private final Set<Path> createdLinks = new HashSet<>();
  private final Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
  private final byte[] buf = new byte[BUFFER];
  private long contentBytes;

  private LocalUntar(Path dest, UnaryOperator<String> rename, PrintStream warnings) {
    this.dest = dest;
    this.rename = rename;
    this.warnings = warnings;
  }

  /**
   * Extracts {@code tar} into directory {@code dest} (which must exist), every entry name passed through
   * {@code rename} first. Returns the bytes of regular file content written.
   *
   * @throws IllegalArgumentException for an entry that is refused or a conflict, with docker's text
   */
  public static long extract(InputStream tar, Path dest, UnaryOperator<String> rename, PrintStream warnings)
      throws IOException {
    LocalUntar u = new LocalUntar(dest.toAbsolutePath().normalize(), rename, warnings);
    u.run(new TarArchiveInputStream(tar));
    return u.contentBytes;
  }

  private void run(TarArchiveInputStream in) throws IOException {
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) entry(in, e);
    List<Map.Entry<Path, FileTime>> dirs = new ArrayList<>(dirTimes.entrySet());
    for (Map.Entry<Path, FileTime> d : dirs.reversed()) {
      if (Files.isDirectory(d.getKey(), LinkOption.NOFOLLOW_LINKS)) Files.setLastModifiedTime(d.getKey(), d.getValue());
    }
  }

  private void entry(TarArchiveInputStream in, TarArchiveEntry e) throws IOException {
    String name = rename.apply(e.getName());
    List<String> rel = relative(name);
    boolean isDir = e.isDirectory();
    if (rel.isEmpty()) {
      if (isDir) return; // the destination itself
      throw new IllegalArgumentException("cannot overwrite directory " + q(dest) + " with non-directory " + q(dest));
    }
    Path parent = parentOf(rel);
    Path target = parent.resolve(rel.getLast());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      boolean existingDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
      if (existingDir && !isDir) {
        throw new IllegalArgumentException("cannot overwrite directory " + q(target) + " with non-directory " + q(dest));
      }
      if (!existingDir && isDir) {
        throw new IllegalArgumentException("cannot overwrite non-directory " + q(target) + " with directory " + q(dest));
      }
      if (!existingDir) {
        Files.delete(target);
        createdLinks.remove(target);
      }
    }
    if (isDir) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(target);
      setMode(target, e.getMode());
      if (e.getLastModifiedTime() != null) dirTimes.put(target, e.getLastModifiedTime());
      return;
    }
    if (e.isSymbolicLink()) {
      String link = e.getLinkName();
      if (climbsOut(rel.subList(0, rel.size() - 1), link)) {
        throw new IllegalArgumentException("invalid symlink " + q(target) + " -> " + q(link));
      }
      Files.createSymbolicLink(target, Path.of(link));
      createdLinks.add(target);
      return;
    }
    if (e.isLink()) {
      List<String> linkRel = relative(rename.apply(e.getLinkName()));
      if (linkRel.isEmpty()) throw new IllegalArgumentException("invalid hardlink " + q(target) + " -> " + q(e.getLinkName()));
      Path existing = parentOf(linkRel).resolve(linkRel.getLast());
      Files.createLink(target, existing);
      return;
    }
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      warnings.println("skipping " + (e.isFIFO() ? "fifo " : "device node ") + name);
      return;
    }
    if (!e.isFile()) throw new IllegalArgumentException("unhandled tar header type " + e.getLinkFlag());
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        contentBytes += n;
      }
    }
    setMode(target, e.getMode());
    if (e.getLastModifiedTime() != null) Files.setLastModifiedTime(target, e.getLastModifiedTime());
  }

  /**
   * The directory that holds {@code rel}, created when missing (mode 0755). Symlinks that were already
   * there are the user's and are followed; those this archive created are not.
   */
  private Path parentOf(List<String> rel) throws IOException {
    Path p = dest;
    for (String c : rel.subList(0, rel.size() - 1)) {
      p = p.resolve(c);
      if (createdLinks.contains(p)) {
        throw new IllegalArgumentException("refusing to extract through a symlink from the archive: " + q(p));
      }
      if (!Files.exists(p)) {
        if (Files.isSymbolicLink(p)) throw new NoSuchFileException(p.toString(), null, "dangling symlink");
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException("not a directory: " + p);
      }
    }
    return p;
  }

  private static void setMode(Path p, int mode) throws IOException {
    try {
      Files.setAttribute(p, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view: keep the default mode
    }
  }

  private List<String> relative(String name) {
    List<String> out = new ArrayList<>();
    boolean absolute = name.startsWith("/");
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!out.isEmpty()) out.removeLast();
        else if (!absolute) throw new IllegalArgumentException(q(name) + " is outside of " + q(dest));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /** Docker's check: the target joined as text to the link's directory (Go's Join, absolute or not) leaves it. */
  private static boolean climbsOut(List<String> dir, String link) {
    int depth = dir.size();
    for (String c : link.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (--depth < 0) return true;
      } else {
        depth++;
      }
    }
    return false;
  }

  private static String q(Object o) {
    return "\"" + o + "\"";
  }
}
