package io.berth.distribution;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports the bytes read so far to {@code progress} (upload progress bars). */
final class CountingInputStream extends FilterInputStream {
  private final LongConsumer progress;
  private long count;

  CountingInputStream(InputStream in, LongConsumer progress) {
    super(in);
    this.progress = progress;
  }

  @Override public int read() throws IOException {
    int b = super.read();
    if (b >= 0) progress.accept(++count);
    return b;
  }

  @Override public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) progress.accept(count += n);
    return n;
  }
}
