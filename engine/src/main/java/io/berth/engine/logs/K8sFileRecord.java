package io.berth.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of conmon's k8s-file log: {@code <time> <stream> <P|F> <text>}. conmon writes a line per
 * newline-terminated chunk of output (tag F, the text keeps its newline, which ends the record) and,
 * for output it read without a newline yet, a partial record (tag P, conmon appends the newline).
 * Times are local RFC 3339 with nanoseconds and a numeric offset.
 */
record K8sFileRecord(Instant time, LogStream stream, boolean partial, byte[] text) {

  /** Parses {@code line[from, to)} (without its newline); empty when it is not a k8s-file record. */
  static Optional<K8sFileRecord> parse(byte[] line, int from, int to) {
    int sp1 = indexOf(line, from, to, (byte) ' ');
    if (sp1 < 0) return Optional.empty();
    int sp2 = indexOf(line, sp1 + 1, to, (byte) ' ');
    if (sp2 < 0 || sp2 + 2 > to) return Optional.empty();
    LogStream stream;
    String s = new String(line, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.US_ASCII);
    if (s.equals("stdout")) stream = LogStream.STDOUT;
    else if (s.equals("stderr")) stream = LogStream.STDERR;
    else return Optional.empty();
    byte tag = line[sp2 + 1];
    if (tag != 'P' && tag != 'F') return Optional.empty();
    // "<tag> <text>"; conmon always writes the space, an empty F record is "F " then the newline
    int textStart = Math.min(sp2 + 3, to);
    Instant time;
    try {
      time = OffsetDateTime.parse(new String(line, from, sp1 - from, StandardCharsets.US_ASCII),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(new K8sFileRecord(time, stream, tag == 'P', Arrays.copyOfRange(line, textStart, to)));
  }

  /** The tag byte of a record line, or 0 when malformed; cheap (no time parsing), for tail seeking. */
  static byte tag(byte[] line, int from, int to) {
    int sp1 = indexOf(line, from, to, (byte) ' ');
    if (sp1 < 0) return 0;
    int sp2 = indexOf(line, sp1 + 1, to, (byte) ' ');
    return sp2 < 0 || sp2 + 1 >= to ? 0 : line[sp2 + 1];
  }

  static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) if (b[i] == c) return i;
    return -1;
  }
}
