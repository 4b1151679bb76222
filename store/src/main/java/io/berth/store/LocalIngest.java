package io.berth.store;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One open write into {@code ingest/<ref>/data}. The sha256 is computed while streaming; on resume
 * the existing bytes are hashed first. Not thread-safe: one writer thread at a time.
 */
final class LocalIngest implements ContentStore.Ingest {
  private final LocalContentStore store;
  private final Path dir;
  private final FileChannel channel;
  private final MessageDigest sha256 = Digest.newSha256();
  private final OutputStream stream;
  private long offset;
  private boolean done;

  LocalIngest(LocalContentStore store, Path dir, FileChannel channel) throws IOException {
    this.store = store;
    this.dir = dir;
    this.channel = channel;
    // Resume: hash what a previous (crashed) writer left, then append after it.
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (int n; (n = channel.read(buf, offset)) > 0; offset += n) {
      sha256.update(buf.flip());
      buf.clear();
    }
    channel.position(offset);
    this.stream = new IngestStream();
  }

  @Override public long offset() { return offset; }

  @Override public OutputStream stream() { return stream; }

  @Override public Digest commit(Optional<Digest> expected, long expectedSize) throws IOException {
    if (done) throw new IllegalStateException("ingest already committed or closed: " + dir.getFileName());
    channel.force(true);
    if (expectedSize >= 0 && offset != expectedSize) {
      discard();
      throw BerthException.invalid("size mismatch: expected %d, got %d", expectedSize, offset);
    }
    Digest actual = expected.isPresent() && !expected.get().algorithm().equals("sha256")
        ? rehash(expected.get().algorithm())
        : Digest.ofSha256(sha256);
    if (expected.isPresent() && !expected.get().equals(actual)) {
      discard();
      throw BerthException.invalid("digest mismatch: expected %s, got %s", expected.get(), actual);
    }
    Path target = store.blobPath(actual);
    Path data = dir.resolve(LocalContentStore.DATA);
    Files.createDirectories(target.getParent());
    if (!Files.exists(target)) {
      // Blobs are immutable; a concurrent identical commit may rename over this one, which is fine.
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
      AtomicFiles.moveAtomically(data, target);
      AtomicFiles.fsyncDirectory(target.getParent());
    }
    discard();
    return actual;
  }

  @Override public void suspend() throws IOException {
    if (done) return;
    done = true;
    // The file always holds a prefix of the stream (only bytes that reached it are there); a
    // resume re-hashes it, so nothing else needs saving.
    channel.close();
  }

  @Override public InputStream written() throws IOException {
    InputStream in = Files.newInputStream(dir.resolve(LocalContentStore.DATA));
    long limit = offset;
    return new java.io.FilterInputStream(in) {
      private long left = limit;

      @Override public int read() throws IOException {
        if (left <= 0) return -1;
        int b = in.read();
        if (b >= 0) left--;
        return b;
      }

      @Override public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) left -= n;
        return n;
      }

      @Override public long skip(long n) throws IOException {
        long k = in.skip(Math.min(n, left));
        left -= k;
        return k;
      }

      @Override public int available() throws IOException { return (int) Math.min(in.available(), left); }

      @Override public boolean markSupported() { return false; }
    };
  }

  /** Abandons the ingest unless committed: partial data is removed. */
  @Override public void close() throws IOException {
    if (!done) discard();
  }

  /** Removes the ingest directory while still holding the lock, then releases it. */
  private void discard() throws IOException {
    done = true;
    try {
      AtomicFiles.deleteRecursively(dir);
    } finally {
      channel.close();
    }
  }

  private Digest rehash(String algorithm) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw BerthException.invalid("unsupported digest algorithm: %s", algorithm);
    }
    try (InputStream in = Files.newInputStream(dir.resolve(LocalContentStore.DATA))) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
  }

  private final class IngestStream extends OutputStream {
    @Override public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      if (done) throw new IOException("ingest is closed: " + dir.getFileName());
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        int start = buf.position();
        int n = channel.write(buf);
        // Hash exactly what reached the file, so a failed write can be retried from offset().
        sha256.update(b, start, n);
        offset += n;
      }
    }
  }
}
