package io.berth.engine.archive;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tar archive of one file or directory tree inside a {@link RootDir}, as Docker's
 * {@code GET /containers/{id}/archive} does: the top entry takes the name the caller gives (a directory's
 * children follow as {@code name/child}), PAX format, modification times in whole seconds, numeric
 * owners with the names from the container's own {@code /etc/passwd} and {@code /etc/group} (read as
 * data, never through the C library, which would load code from the container), files with several
 * links as hard links to the first one written, {@code security.capability} kept, sockets left out.
 *
 * <p>The walk holds a descriptor on each directory it is in and opens every child with
 * {@code O_NOFOLLOW} relative to it, so the container cannot redirect it outside its root while it
 * runs; a regular file is read through the descriptor its type was checked on (a name swapped for a
 * fifo cannot block us). A file that shrinks while it is copied is padded with zeros, one that grows is
 * cut at the size in its header, so the archive stays well-formed.
 *
 * <p>Not thread-safe; one instance per archive.
 */
public final class TreeTar {
  private static final int BUFFER = 64 * 1024;
  private static final long MAX_ID_FILE = 1L << 20;
  private static final String CAPABILITY_XATTR = "security.capability";

  private final TarArchiveOutputStream tar;
  private final Map<Long, String> users;
  private final Map<Long, String> groups;
  private final Map<String, String> hardlinks = new HashMap<>();
  private final byte[] buf = new byte[BUFFER];

  private TreeTar(OutputStream out, Map<Long, String> users, Map<Long, String> groups) {
    this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    this.users = users;
    this.groups = groups;
  }

  /**
   * Archives {@code top} (found in {@code root}, not followed if it is a symlink) under the entry name
   * {@code name} to {@code out}, then finishes the archive; {@code out} is flushed, not closed.
   */
  public static void write(RootDir root, RootDir.Found top, String name, OutputStream out) throws IOException {
    TreeTar t = new TreeTar(out, idNames(root, "/etc/passwd"), idNames(root, "/etc/group"));
    t.add(top.fd(), top.stat(), name);
    t.tar.finish();
    out.flush();
  }

  /**
   * Archives everything under {@code root}, not the root itself, with relative names ({@code bin/},
   * {@code bin/sh}), as {@code docker export} writes a container's file system; then finishes the
   * archive. {@code out} is flushed, not closed.
   */
  public static void writeContents(RootDir root, OutputStream out) throws IOException {
    TreeTar t = new TreeTar(out, idNames(root, "/etc/passwd"), idNames(root, "/etc/group"));
    for (String child : children(root.fd())) {
      int childFd;
      try {
        childFd = Fds.openat(root.fd(), child, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
      } catch (ErrnoException e) {
        if (e.errno() == Fds.ENOENT) continue; // removed while we walked
        throw e;
      }
      try {
        t.add(childFd, Fds.fstat(childFd), child);
      } finally {
        Fds.close(childFd);
      }
    }
    t.tar.finish();
    out.flush();
  }

  private void add(int fd, Fds.Stat st, String name) throws IOException {
    switch (st.type()) {
      case Linux.S_IFDIR -> {
        tar.putArchiveEntry(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, st, fd));
        tar.closeArchiveEntry();
        String prefix = name.endsWith("/") ? name : name + "/";
        if (kernelFileSystem(fd)) return;
        for (String child : children(fd)) {
          int childFd;
          try {
            childFd = Fds.openat(fd, child, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
          } catch (ErrnoException e) {
            if (e.errno() == Fds.ENOENT) continue; // removed while we walked
            throw e;
          }
          try {
            add(childFd, Fds.fstat(childFd), prefix + child);
          } finally {
            Fds.close(childFd);
          }
        }
      }
      case Linux.S_IFREG -> addFile(fd, st, name);
      case Linux.S_IFLNK -> {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, st, -1);
        e.setLinkName(Fds.readlink(fd));
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      case Linux.S_IFCHR, Linux.S_IFBLK, Linux.S_IFIFO -> {
        byte type = st.type() == Linux.S_IFCHR ? TarConstants.LF_CHR
            : st.type() == Linux.S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
        TarArchiveEntry e = entry(name, type, st, -1);
        if (type != TarConstants.LF_FIFO) {
          e.setDevMajor(st.rdevMajor());
          e.setDevMinor(st.rdevMinor());
        }
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      default -> { } // sockets (and anything unknown) have no tar form, as in Docker
    }
  }

  private void addFile(int fd, Fds.Stat st, String name) throws IOException {
    if (st.nlink() > 1) {
      String key = st.dev() + ":" + st.ino();
      String first = hardlinks.putIfAbsent(key, name);
      if (first != null) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, st, -1);
        e.setLinkName(first);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return;
      }
    }
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, st, fd);
    e.setSize(st.size());
    tar.putArchiveEntry(e);
    // Reopening the O_PATH descriptor through /proc opens exactly the regular file we checked.
    long left = st.size();
    try (InputStream in = Files.newInputStream(Fds.path(fd))) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) break;
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    java.util.Arrays.fill(buf, (byte) 0);
    while (left > 0) { // the file shrank meanwhile
      int n = (int) Math.min(buf.length, left);
      tar.write(buf, 0, n);
      left -= n;
    }
    tar.closeArchiveEntry();
  }

  private TarArchiveEntry entry(String name, byte type, Fds.Stat st, int fd) throws IOException {
    // preserveAbsolutePath: names are written as given ("/" and "./x" included), as Docker writes them.
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(st.permissions());
    e.setUserId(st.uid());
    e.setGroupId(st.gid());
    e.setUserName(users.getOrDefault(st.uid(), ""));
    e.setGroupName(groups.getOrDefault(st.gid(), ""));
    e.setModTime(new Date(st.mtime().getEpochSecond() * 1000)); // Docker truncates to seconds
    if (fd >= 0 && !st.isSymlink()) capability(fd).ifPresent(v ->
        e.addPaxHeader("LIBARCHIVE.xattr." + CAPABILITY_XATTR, Base64.getEncoder().encodeToString(v)));
    return e;
  }

  private static Optional<byte[]> capability(int fd) {
    try {
      return Fds.getxattr(fd, CAPABILITY_XATTR);
    } catch (IOException e) {
      return Optional.empty(); // no xattr support on this file system
    }
  }

  /**
   * Whether directory {@code fd} is on a kernel pseudo file system (proc, sysfs, cgroup, devpts, ...).
   * A running container's root is reached with its mounts; Docker's copy sees its rootfs without them,
   * and walking /proc or /sys would archive the kernel's state (or block on a file of it). Their mount
   * points are archived as empty directories.
   */
  private static boolean kernelFileSystem(int fd) {
    try {
      return PSEUDO_FILE_SYSTEMS.contains(Linux.statfsType(Fds.path(fd)));
    } catch (IOException e) {
      return false;
    }
  }

  // proc, sysfs, devpts, mqueue, cgroup, cgroup2, securityfs, debugfs, tracefs, bpf, pstore, configfs,
  // fusectl, binfmt_misc (the f_type magics of linux/magic.h)
  private static final java.util.Set<Long> PSEUDO_FILE_SYSTEMS = java.util.Set.of(0x9fa0L, 0x62656572L, 0x1cd1L,
      0x19800202L, 0x27e0ebL, 0x63677270L, 0x73636673L, 0x64626720L, 0x74726163L, 0xcafe4a11L, 0x6165676cL,
      0x62656570L, 0x65735543L, 0x42494e4dL);

  /** The names in directory {@code fd}, sorted (Go's filepath.Walk order). */
  private static List<String> children(int fd) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Fds.path(fd))) {
      for (Path p : ds) names.add(p.getFileName().toString());
    }
    names.sort(null);
    return names;
  }

  /** id → name from a passwd or group file of the container; empty when it is missing or odd. */
  static Map<Long, String> idNames(RootDir root, String file) {
    Map<Long, String> out = new HashMap<>();
    try (RootDir.Found f = root.lookup(file, true)) {
      if (!f.stat().isRegular() || f.stat().size() > MAX_ID_FILE) return out;
      byte[] data;
      try (InputStream in = Files.newInputStream(f.proc())) {
        data = in.readNBytes((int) MAX_ID_FILE);
      }
      for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.split(":", -1);
        if (fields.length < 3 || fields[0].isEmpty() || line.startsWith("#")) continue;
        try {
          out.putIfAbsent(Long.parseLong(fields[2].trim()), fields[0]);
        } catch (NumberFormatException e) {
          // skip the line, as libc does
        }
      }
    } catch (IOException e) {
      // no names: numeric owners only
    }
    return out;
  }
}
