package io.berth.engine.build;

import io.berth.engine.archive.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * ADD's "local tar archive" test: a file that is a tar, plain or compressed with gzip, bzip2 or zstd
 * (xz is not decoded here), is extracted; anything else is copied as it is.
 */
final class Archives {
  private Archives() {}

  static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    in.mark(4);
    byte[] head = in.readNBytes(3);
    in.reset();
    if (head.length == 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return new BZip2CompressorInputStream(in, true);
    return Compression.decompressing(in);
  }

  /** True when {@code file} decompresses to something with a tar header ("ustar" magic at 257). */
  static boolean isArchive(Path file) {
    try (InputStream in = open(file)) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512) return false;
      String magic = new String(header, 257, 5, StandardCharsets.US_ASCII);
      return magic.equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }
}
