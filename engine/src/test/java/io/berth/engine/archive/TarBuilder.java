package io.berth.engine.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar layers in memory for tests (PAX for long names, big numbers and xattrs). */
final class TarBuilder {
  static final FileTime MTIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TarBuilder() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  TarBuilder dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
    e.setMode(mode);
    e.setModTime(MTIME);
    return put(e, new byte[0]);
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  TarBuilder file(String name, String content, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    e.setMode(mode);
    e.setIds(uid, gid);
    e.setModTime(MTIME);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    return put(e, data);
  }

  TarBuilder fileWithXattr(String name, String content, String xattr, String value) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    e.setMode(0644);
    e.setModTime(MTIME);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    e.addPaxHeader("SCHILY.xattr." + xattr, value);
    return put(e, data);
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    e.setModTime(MTIME);
    return put(e, new byte[0]);
  }

  TarBuilder hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    e.setModTime(MTIME);
    return put(e, new byte[0]);
  }

  TarBuilder node(String name, byte type, int mode, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode(mode);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    e.setModTime(MTIME);
    return put(e, new byte[0]);
  }

  private TarBuilder put(TarArchiveEntry e, byte[] data) {
    try {
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The finished tar, end-of-archive blocks and record padding included. */
  byte[] tar() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static byte[] zstd(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZstdOutputStream z = new ZstdOutputStream(out)) {
        z.write(data);
      }
      return out.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Overwrites the first header's size field with {@code octal} and fixes its checksum. */
  static byte[] withFirstSize(byte[] tar, String octal) {
    byte[] t = Arrays.copyOf(tar, tar.length);
    byte[] field = octal.getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(t, 124, 136, (byte) 0);
    System.arraycopy(field, 0, t, 124, Math.min(field.length, 12));
    Arrays.fill(t, 148, 156, (byte) ' ');
    long sum = 0;
    for (int i = 0; i < 512; i++) sum += t[i] & 0xff;
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, t, 148, 8);
    return t;
  }
}
