package io.berth.engine.archive;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one image layer (a tar stream, plain, gzip or zstd — told from its magic bytes) into its
 * own directory, as an overlayfs layer: OCI whiteouts become overlay whiteouts ({@code .wh.NAME} →
 * character device 0:0 {@code NAME}; {@code .wh..wh..opq} → {@code trusted.overlay.opaque=y} on its
 * directory), so the directories of an image's layers stack as overlay lowerdirs. Implements the
 * changeset application of the OCI image spec, {@code layer.md} ("Applying Changesets",
 * "Whiteouts").
 *
 * <p>Preserved: mode bits (setuid, setgid, sticky included), uid/gid (lchown, when running as root),
 * mtimes (directories' after their contents), symlinks, hardlinks (to entries of this layer only),
 * fifos, character and block devices (root only), and extended attributes from PAX records (never
 * {@code trusted.overlay.*}, which only whiteouts may produce).
 *
 * <p>Hostile input never reaches outside {@code dir}: names are cleaned and {@code ..} above the root
 * is refused, absolute names are taken relative to {@code dir}, parent directories are resolved
 * chroot-style (a symlink on the way is followed as if {@code dir} were "/"), the last component is
 * never followed, hardlink targets must resolve inside {@code dir}, and sizes are never trusted
 * (content is streamed, a short entry is an error).
 *
 * <p>Thread-safety: stateless; concurrent calls on different directories are fine.
 *
 * <p>Errors: a corrupt, truncated or non-tar stream, or an entry this applier refuses, throws
 * {@link BerthException.InvalidArgument} ({@code "invalid layer archive: unexpected end of gzip
 * stream"}); a failing file system (ENOSPC, EIO, no privilege for mknod) throws {@link
 * BerthException.Internal}. In both cases {@code dir} is left half-filled: <b>the caller removes
 * it</b> (with the snapshot it belongs to).
 */
public final class LayerApplier {
  private static final int BUFFER = 64 * 1024;
  private static final int TAR_BLOCK = 512;

  private LayerApplier() {}

  /**
   * Reads {@code layer} to its end and unpacks it into {@code dir}, an existing empty directory.
   * The stream is not closed. Returns the diff ID (sha256 of every uncompressed byte, end-of-archive
   * padding included) and the uncompressed size.
   */
  public static AppliedLayer apply(InputStream layer, Path dir) {
    Path root;
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("layer directory does not exist: " + dir);
      }
      root = dir.toRealPath();
    } catch (IOException e) {
      throw BerthException.internal("cannot open layer directory " + dir + ": " + e.getMessage(), e);
    }
    MessageDigest sha = Digest.newSha256();
    Compression compression = Compression.NONE;
    HashingInputStream hashed;
    try {
      BufferedInputStream buffered = new BufferedInputStream(layer, BUFFER);
      buffered.mark(Compression.MAGIC_LENGTH);
      byte[] head = buffered.readNBytes(Compression.MAGIC_LENGTH);
      buffered.reset();
      compression = Compression.detect(head);
      hashed = new HashingInputStream(compression.decompress(buffered), sha);
    } catch (IOException e) {
      throw readFailure(new HashingInputStream.DecompressionFailure(e), compression);
    }
    EntryWriter writer = new EntryWriter(new LayerPaths(root));
    // No try-with-resources: closing would close the caller's stream.
    TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
    byte[] buf = new byte[BUFFER];
    TarArchiveEntry e;
    int entries = 0;
    while ((e = next(tar, compression)) != null) {
      entries++;
      EntryWriter.Created created;
      try {
        created = writer.create(e);
      } catch (IOException ex) {
        throw writeFailure(root, e.getName(), ex);
      } catch (java.nio.file.InvalidPathException ex) {
        throw LayerPaths.invalid("bad entry name: %s", e.getName());
      }
      if (created instanceof EntryWriter.Created.RegularFile(Path file)) {
        copy(tar, e, file, buf, compression, root);
        try {
          writer.finishFile(file, e);
        } catch (IOException ex) {
          throw writeFailure(root, e.getName(), ex);
        }
      }
    }
    try {
      writer.finish();
    } catch (IOException ex) {
      throw writeFailure(root, ".", ex);
    }
    try {
      hashed.drain();
    } catch (IOException ex) {
      throw readFailure(ex, compression);
    }
    // A tar stream is whole 512-byte blocks; anything else was cut short (or is not tar at all,
    // which the tar reader treats as an early end without complaint).
    if (hashed.count() % TAR_BLOCK != 0) {
      throw LayerPaths.invalid(entries == 0 ? "not a tar archive" : "unexpected end of tar stream");
    }
    return new AppliedLayer(Digest.ofSha256(sha), hashed.count());
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, Compression compression) {
    try {
      return tar.getNextEntry();
    } catch (IOException ex) {
      throw readFailure(ex, compression);
    } catch (RuntimeException ex) { // Commons Compress throws IllegalArgumentException on bad headers
      throw new BerthException.InvalidArgument("invalid layer archive: " + lower(ex.getMessage()), ex);
    }
  }

  private static void copy(TarArchiveInputStream tar, TarArchiveEntry e, Path file, byte[] buf,
      Compression compression, Path root) {
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
      while (true) {
        int n;
        try {
          n = tar.read(buf, 0, buf.length);
        } catch (IOException ex) {
          throw readFailure(ex, compression);
        }
        if (n < 0) break;
        out.write(buf, 0, n);
        copied += n;
      }
    } catch (IOException ex) {
      throw writeFailure(root, e.getName(), ex);
    }
    if (!e.isSparse() && copied != e.getSize()) {
      throw LayerPaths.invalid("unexpected end of tar stream in %s (%d of %d bytes)", e.getName(), copied,
          e.getSize());
    }
  }

  private static BerthException.InvalidArgument readFailure(IOException ex, Compression compression) {
    boolean fromDecompressor = ex instanceof HashingInputStream.DecompressionFailure;
    Throwable cause = fromDecompressor && ex.getCause() != null ? ex.getCause() : ex;
    String stream = fromDecompressor && compression != Compression.NONE
        ? compression.name().toLowerCase(Locale.ROOT) : "tar";
    String detail;
    if (cause instanceof EOFException || String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT)
        .contains("truncated")) {
      detail = "unexpected end of " + stream + " stream";
    } else {
      detail = "corrupt " + stream + " stream: " + lower(cause.getMessage());
    }
    return new BerthException.InvalidArgument("invalid layer archive: " + detail, ex);
  }

  private static BerthException.Internal writeFailure(Path root, String entry, IOException ex) {
    return BerthException.internal("applying layer entry " + entry + " in " + root + ": " + ex.getMessage(), ex);
  }

  private static String lower(String s) {
    if (s == null || s.isBlank()) return "unreadable";
    String t = s.strip();
    if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
    return Character.toLowerCase(t.charAt(0)) + t.substring(1);
  }
}
