package io.berth.engine.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and hashes the uncompressed layer bytes as the tar reader pulls them, and marks failures
 * of the decompressor below it as {@link DecompressionFailure} so the applier can tell "bad gzip"
 * from "bad tar".
 */
final class HashingInputStream extends FilterInputStream {
  /** An I/O failure of the decompressor (or the raw source), not of the tar reader. */
  static final class DecompressionFailure extends IOException {
    private static final long serialVersionUID = 1L;

    DecompressionFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final MessageDigest digest;
  private long count;

  HashingInputStream(InputStream in, MessageDigest digest) {
    super(in);
    this.digest = digest;
  }

  long count() {
    return count;
  }

  @Override public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      throw new DecompressionFailure(e);
    }
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override public int read(byte[] buf, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(buf, off, len);
    } catch (IOException e) {
      throw new DecompressionFailure(e);
    }
    if (n > 0) {
      digest.update(buf, off, n);
      count += n;
    }
    return n;
  }

  @Override public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed: read them.
    byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) break;
      done += r;
    }
    return done;
  }

  @Override public boolean markSupported() {
    return false;
  }

  @Override public void mark(int limit) {}

  @Override public void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Reads (and hashes) everything left, up to the end of the stream. */
  void drain() throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (read(buf, 0, buf.length) >= 0) {
      // hashed by read
    }
  }
}
