package io.berth.engine.archive;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a container's overlay upper directory as an OCI image layer ({@code docker commit}): every
 * entry of the directory in name order (Go's {@code filepath.Walk}, as dockerd writes it), names
 * relative ({@code etc/passwd}, directories with a trailing slash), numeric owners, modification times
 * in whole seconds, PAX headers where needed. overlayfs markers become the layer format's: a
 * whiteout (character device 0/0) becomes an empty regular file {@code .wh.<name>} (mode 0600), an
 * opaque directory ({@code trusted.overlay.opaque=y}) is followed by an empty {@code .wh..wh..opq} in
 * it. Extended attributes other than overlay's own are kept, as {@code LIBARCHIVE.xattr.*} (base64:
 * exact bytes) and, when the value is text, also {@code SCHILY.xattr.*} (what Go's and GNU tar read).
 * A file with several links in the directory is a hard link to the first name written; sockets are
 * left out. Mount points the runtime made for an image that lacked them are left out (see {@link
 * OverlayChanges#runtimeMountPoint}): Docker keeps those in its init layer, never in a commit.
 *
 * <p>The walk holds a descriptor on each directory and opens each child relative to it with {@code
 * O_NOFOLLOW}, and a file's content is read through the descriptor its type was checked on: a
 * container that still runs cannot make the commit read a host file through a symlink swapped in.
 * A file that shrinks meanwhile is padded with zeros, one that grows is cut at its header's size;
 * entries that vanish are skipped.
 *
 * <p>The archive ends with the two zero blocks and no further record padding (512-byte records, as
 * Go's archive/tar), so an empty upper directory gives the 1024-byte empty layer Docker recognises.
 * Not thread-safe; one instance per archive.
 */
public final class UpperDirTar {
  private static final int BUFFER = 64 * 1024;
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final TarArchiveOutputStream tar;
  private final List<Path> lowers;
  private final Map<String, String> hardlinks = new HashMap<>();
  /** Mount-point directories not yet written: written only if something below them is. */
  private final Deque<TarArchiveEntry> pending = new ArrayDeque<>();
  private final byte[] buf = new byte[BUFFER];
  private int entries;

  private UpperDirTar(OutputStream out, List<Path> lowers) {
    this.tar = new TarArchiveOutputStream(out, 512, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    this.lowers = List.copyOf(lowers);
  }

  /**
   * Archives {@code upper} (a container's upper directory over {@code lowers}, the image's layer
   * directories, top first) to {@code out} and finishes the archive; {@code out} is flushed, not
   * closed. Returns the number of entries written: 0 is an empty layer.
   */
  public static int write(Path upper, List<Path> lowers, OutputStream out) throws IOException {
    UpperDirTar t = new UpperDirTar(out, lowers);
    int fd = Fds.openat(Linux.AT_FDCWD, upper.toString(), Fds.O_PATH | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
    try {
      t.children(fd, "");
    } finally {
      Fds.close(fd);
    }
    t.tar.finish();
    out.flush();
    return t.entries;
  }

  private void children(int dirFd, String prefix) throws IOException {
    List<String> names = new ArrayList<>(OverlayChanges.children(Fds.path(dirFd)));
    for (String name : names) {
      int fd;
      try {
        fd = Fds.openat(dirFd, name, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
      } catch (ErrnoException e) {
        if (e.errno() == Fds.ENOENT) continue; // removed while we walked
        throw e;
      }
      try {
        add(fd, Fds.fstat(fd), prefix + name);
      } finally {
        Fds.close(fd);
      }
    }
  }

  private void add(int fd, Fds.Stat st, String name) throws IOException {
    switch (st.type()) {
      case Linux.S_IFDIR -> {
        TarArchiveEntry e = entry(name + "/", TarConstants.LF_DIR, st, fd);
        boolean mountPoint = OverlayChanges.runtimeMountPoint("/" + name, true, false, 0) && !inLowers(name);
        if (mountPoint) {
          pending.addLast(e);
        } else {
          put(e);
        }
        if (opaque(fd)) {
          TarArchiveEntry marker = new TarArchiveEntry(name + "/" + OPAQUE_MARKER, TarConstants.LF_NORMAL, true);
          marker.setMode(st.permissions() & 0777);
          marker.setUserId(st.uid());
          marker.setGroupId(st.gid());
          marker.setModTime(e.getModTime());
          put(marker);
        }
        children(fd, name + "/");
        if (mountPoint && !pending.isEmpty() && pending.peekLast() == e) pending.removeLast(); // nothing below: left out
      }
      case Linux.S_IFREG -> addFile(fd, st, name);
      case Linux.S_IFLNK -> {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, st, -1);
        e.setLinkName(Fds.readlink(fd));
        put(e);
      }
      case Linux.S_IFCHR, Linux.S_IFBLK, Linux.S_IFIFO -> {
        if (st.type() == Linux.S_IFCHR && st.rdevMajor() == 0 && st.rdevMinor() == 0) {
          int slash = name.lastIndexOf('/');
          TarArchiveEntry w = new TarArchiveEntry(name.substring(0, slash + 1) + WHITEOUT_PREFIX
              + name.substring(slash + 1), TarConstants.LF_NORMAL, true);
          w.setMode(0600);
          w.setUserId(st.uid());
          w.setGroupId(st.gid());
          w.setModTime(new Date(st.mtime().getEpochSecond() * 1000));
          put(w);
          return;
        }
        byte type = st.type() == Linux.S_IFCHR ? TarConstants.LF_CHR
            : st.type() == Linux.S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
        TarArchiveEntry e = entry(name, type, st, fd);
        if (type != TarConstants.LF_FIFO) {
          e.setDevMajor(st.rdevMajor());
          e.setDevMinor(st.rdevMinor());
        }
        put(e);
      }
      default -> { } // sockets have no tar form (as in Docker)
    }
  }

  private void addFile(int fd, Fds.Stat st, String name) throws IOException {
    if (st.size() == 0 && OverlayChanges.runtimeMountPoint("/" + name, false, true, 0) && !inLowers(name)) return;
    if (st.nlink() > 1) {
      String first = hardlinks.putIfAbsent(st.dev() + ":" + st.ino(), name);
      if (first != null) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, st, -1);
        e.setLinkName(first);
        put(e);
        return;
      }
    }
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, st, fd);
    e.setSize(st.size());
    flushPending();
    tar.putArchiveEntry(e);
    entries++;
    long left = st.size();
    // Reopening the O_PATH descriptor through /proc opens exactly the regular file we checked.
    try (InputStream in = Files.newInputStream(Fds.path(fd))) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) break;
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    java.util.Arrays.fill(buf, (byte) 0);
    while (left > 0) { // it shrank meanwhile
      int n = (int) Math.min(buf.length, left);
      tar.write(buf, 0, n);
      left -= n;
    }
    tar.closeArchiveEntry();
  }

  private void put(TarArchiveEntry e) throws IOException {
    flushPending();
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    entries++;
  }

  private void flushPending() throws IOException {
    while (!pending.isEmpty()) {
      tar.putArchiveEntry(pending.removeFirst());
      tar.closeArchiveEntry();
      entries++;
    }
  }

  private TarArchiveEntry entry(String name, byte type, Fds.Stat st, int fd) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(st.permissions());
    e.setUserId(st.uid());
    e.setGroupId(st.gid());
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(new Date(st.mtime().getEpochSecond() * 1000)); // Docker truncates to seconds
    if (fd >= 0 && !st.isSymlink()) xattrs(fd, e);
    return e;
  }

  private static void xattrs(int fd, TarArchiveEntry e) throws IOException {
    List<String> names;
    try {
      names = Fds.listxattr(fd);
    } catch (ErrnoException ex) {
      if (ex.errno() == Linux.EOPNOTSUPP || ex.errno() == Fds.ENOENT) return;
      throw ex;
    }
    names.sort(null);
    for (String n : names) {
      if (n.startsWith("trusted.overlay.")) continue; // overlay's bookkeeping, not content
      var value = Fds.getxattr(fd, n);
      if (value.isEmpty()) continue;
      e.addPaxHeader("LIBARCHIVE.xattr." + URLEncoder.encode(n, StandardCharsets.UTF_8),
          Base64.getEncoder().encodeToString(value.get()));
      text(value.get()).ifPresent(t -> e.addPaxHeader("SCHILY.xattr." + n, t));
    }
  }

  /** The value as text when it is valid UTF-8 without NUL (a PAX record holds UTF-8). */
  private static java.util.Optional<String> text(byte[] v) {
    for (byte b : v) if (b == 0) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString());
    } catch (CharacterCodingException e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean opaque(int fd) throws IOException {
    var v = Fds.getxattr(fd, OverlayChanges.OPAQUE_XATTR);
    return v.isPresent() && v.get().length == 1 && v.get()[0] == 'y';
  }

  /** Whether the image's merged tree has {@code name} (relative, slash-separated). */
  private boolean inLowers(String name) throws IOException {
    List<Path> dirs = lowers;
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length; i++) {
      var found = OverlayChanges.lookup(dirs, parts[i]);
      if (found.isEmpty()) return false;
      if (i < parts.length - 1 && !found.get().attrs().isDirectory()) return false;
      dirs = found.get().dirs();
    }
    return true;
  }
}
