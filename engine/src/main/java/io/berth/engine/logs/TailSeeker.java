package io.berth.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Finds where the last n entries of a k8s-file log begin, reading the file backwards in blocks, so
 * {@code logs --tail 10} of a large log costs a few reads, not a scan.
 *
 * <p>An entry ends at an F record; P records without a following F at the end of the file (a line
 * still being written) count as one entry. Partial records of one stream interleaved with the other
 * stream's records can make the count approximate; that is rare (it needs lines longer than conmon's
 * 8 KiB buffer written to both streams at once) and harmless.
 */
final class TailSeeker {
  private static final int BLOCK = 64 * 1024;

  private TailSeeker() {}

  /** Where the last {@code found} (at most n) entries before {@code end} begin. */
  record Found(long offset, int found) {}

  /** The offset to read from to get the last {@code n} entries among complete lines before {@code end}. */
  static long offsetOfLast(FileChannel ch, long end, int n) throws IOException {
    return seek(ch, end, n).offset();
  }

  /**
   * As {@link #offsetOfLast}, also telling how many entries were found: fewer than {@code n}
   * means the file starts before them (the rest is in an older, rotated file).
   */
  static Found seek(FileChannel ch, long end, int n) throws IOException {
    if (n == 0) return new Found(end, 0);
    int count = 0;
    boolean seenF = false;
    boolean trailingCounted = false;
    byte[] carry = new byte[0]; // head of the later block: a line whose start we have not read yet
    long blockEnd = end;
    while (blockEnd > 0) {
      long blockStart = Math.max(0, blockEnd - BLOCK);
      byte[] buf = new byte[(int) (blockEnd - blockStart) + carry.length];
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) (blockEnd - blockStart));
      while (bb.hasRemaining()) {
        if (ch.read(bb, blockStart + bb.position()) < 0) break;
      }
      System.arraycopy(carry, 0, buf, (int) (blockEnd - blockStart), carry.length);
      // lines in buf end with '\n'; walk them from the last one backwards
      int lineEnd = buf.length; // exclusive end, just after a '\n' (or the end of the data)
      int i = lineEnd - 2;
      while (true) {
        while (i >= 0 && buf[i] != '\n') i--;
        int lineStart = i + 1;
        if (i < 0 && blockStart > 0) { // the line starts in an earlier block
          carry = java.util.Arrays.copyOfRange(buf, 0, lineEnd);
          break;
        }
        byte tag = K8sFileRecord.tag(buf, lineStart, Math.max(lineStart, lineEnd - 1));
        if (tag != 'P') {
          if (count == n) return new Found(blockStart + lineEnd, count);
          count++;
          seenF = true;
        } else if (!seenF && !trailingCounted) {
          if (count == n) return new Found(blockStart + lineEnd, count);
          count++;
          trailingCounted = true;
        }
        if (i < 0) return new Found(0, count);
        lineEnd = lineStart;
        i = lineStart - 2;
      }
      blockEnd = blockStart;
    }
    return new Found(0, count);
  }
}
