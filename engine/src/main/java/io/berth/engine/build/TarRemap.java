package io.berth.engine.build;

import io.berth.engine.archive.TreeUntar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies tar entries into another archive under new names, with COPY's owner (root, or
 * {@code --chown}) and {@code --chmod} applied; with {@code zeroTimes} the times are dropped, which
 * is how a step's cache checksum ignores mtimes but sees names, modes, owners, links and content.
 */
final class TarRemap {
  private final TarArchiveOutputStream out;
  private final boolean zeroTimes;
  private final byte[] buf = new byte[64 * 1024];

  TarRemap(java.io.OutputStream sink, boolean zeroTimes) {
    this.out = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    this.zeroTimes = zeroTimes;
  }

  /**
   * @param rename maps an entry name (without trailing slash) to its new name, or null to skip it
   * @param owner  the owner every entry gets; empty keeps the archive's
   * @param chmod  permission bits every entry gets; empty keeps the archive's
   */
  void add(InputStream tar, UnaryOperator<String> rename, Optional<TreeUntar.Owner> owner, Optional<Integer> chmod)
      throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      String name = strip(e.getName());
      String target = rename.apply(name);
      if (target == null) continue;
      TarArchiveEntry n = new TarArchiveEntry(e.isDirectory() ? target + "/" : target, e.getLinkFlag(), true);
      if (e.isLink()) {
        String linked = rename.apply(strip(e.getLinkName()));
        if (linked == null) continue;
        n.setLinkName(linked);
      } else if (e.isSymbolicLink()) {
        n.setLinkName(e.getLinkName());
      }
      n.setSize(e.isFile() && !e.isLink() ? e.getSize() : 0);
      int perm = chmod.orElse(e.getMode() & 07777);
      n.setMode((e.getMode() & ~07777) | perm);
      n.setUserId(owner.map(TreeUntar.Owner::uid).orElse(e.getLongUserId()));
      n.setGroupId(owner.map(TreeUntar.Owner::gid).orElse(e.getLongGroupId()));
      n.setUserName("");
      n.setGroupName("");
      n.setDevMajor(e.getDevMajor());
      n.setDevMinor(e.getDevMinor());
      FileTime mtime = zeroTimes ? FileTime.fromMillis(0) : e.getLastModifiedTime();
      n.setLastModifiedTime(mtime);
      if (!zeroTimes) e.getExtraPaxHeaders().forEach((k, v) -> {
        if (k.startsWith("SCHILY.xattr.")) n.addPaxHeader(k, v);
      });
      out.putArchiveEntry(n);
      if (n.getSize() > 0) {
        int r;
        while ((r = in.read(buf)) > 0) out.write(buf, 0, r);
      }
      out.closeArchiveEntry();
    }
  }

  /** Adds a directory entry (a COPY destination that does not exist yet). */
  void directory(String name, int mode, Optional<TreeUntar.Owner> owner) throws IOException {
    TarArchiveEntry n = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR, true);
    n.setMode(040000 | mode);
    n.setUserId(owner.map(TreeUntar.Owner::uid).orElse(0L));
    n.setGroupId(owner.map(TreeUntar.Owner::gid).orElse(0L));
    n.setLastModifiedTime(FileTime.fromMillis(zeroTimes ? 0 : System.currentTimeMillis()));
    out.putArchiveEntry(n);
    out.closeArchiveEntry();
  }

  void finish() throws IOException {
    out.finish();
    out.flush();
  }

  private static String strip(String name) {
    String s = name;
    while (s.startsWith("./")) s = s.substring(2);
    while (s.startsWith("/")) s = s.substring(1);
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s;
  }
}
