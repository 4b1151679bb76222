package io.berth.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single {@code Range: bytes=…} request (RFC 9110 14.1.2) resolved against a blob's size:
 * {@code first..last} inclusive. Multiple ranges are not supported (answered with the whole
 * blob, which RFC 9110 allows: a server may ignore Range).
 */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() { return last - first + 1; }

  /**
   * The range asked for, empty when the header is absent or not a single byte range (then the
   * whole blob is sent).
   *
   * @throws Unsatisfiable when the range lies outside the blob
   */
  static Optional<ByteRange> parse(Optional<String> header, long size) {
    if (header.isEmpty()) return Optional.empty();
    Matcher m = SINGLE.matcher(header.get().strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return Optional.empty();
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) throw new Unsatisfiable();
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (first >= size || (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first)) throw new Unsatisfiable();
      return Optional.of(new ByteRange(first, last));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The range cannot be served: 416 with {@code Content-Range: bytes *}{@code /size}. */
  static final class Unsatisfiable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsatisfiable() {
      super(null, null, false, false);
    }
  }
}
