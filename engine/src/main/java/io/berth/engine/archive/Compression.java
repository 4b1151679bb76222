package io.berth.engine.archive;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How a layer (or image archive) stream is compressed, told from its first bytes, never from a
 * media type: registries and {@code docker save} archives mislabel layers often enough that
 * containerd and moby sniff too.
 */
public enum Compression {
  /** A plain (uncompressed) tar stream, or anything that is neither gzip nor zstd. */
  NONE,
  /** gzip, magic {@code 1f 8b}; concatenated members are read as one stream. */
  GZIP,
  /** zstd, magic {@code 28 b5 2f fd}; concatenated frames are read as one stream. */
  ZSTD;

  /** The number of leading bytes {@link #detect} looks at. */
  public static final int MAGIC_LENGTH = 4;

  /** The compression whose magic {@code head} starts with; {@link #NONE} for anything else. */
  public static Compression detect(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
    if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** Wraps {@code compressed} (already past no bytes) in the matching decompressor. */
  public InputStream decompress(InputStream compressed) throws IOException {
    return switch (this) {
      case NONE -> compressed;
      case GZIP -> new GZIPInputStream(compressed, 64 * 1024);
      case ZSTD -> new ZstdInputStream(compressed).setContinuous(false);
    };
  }

  /**
   * Detects the compression of {@code in} from its first bytes (without consuming them) and
   * returns a stream of the uncompressed bytes.
   */
  public static InputStream decompressing(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(MAGIC_LENGTH);
    byte[] head = buffered.readNBytes(MAGIC_LENGTH);
    buffered.reset();
    return detect(head).decompress(buffered);
  }
}
