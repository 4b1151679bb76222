package io.berth.engine.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Docker's json-file log line for an entry: {@code {"log":"...","stream":"stdout","time":"..."}\n}.
 *
 * <p>Byte-compatible with dockerd's writer (moby {@code jsonlog.JSONLogs.MarshalJSONBuf}): fields in
 * that order, {@code log} omitted when empty, the string escaped as Go's encoding/json does
 * ({@code < > &} and U+2028/U+2029 as {@code \\u} escapes, control characters other than
 * {@code \n \r \t} as {@code \\u00XX}, invalid UTF-8 as U+FFFD), and the time in UTC formatted as
 * Go's RFC3339Nano (trailing zeros of the fraction dropped).
 */
public final class JsonFileFormat {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private JsonFileFormat() {}

  /** One line, newline included. */
  public static byte[] encode(LogEntry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(e.data().length + 64);
    append(e, out);
    return out.toByteArray();
  }

  public static void write(LogEntry e, OutputStream out) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(e.data().length + 64);
    append(e, buf);
    buf.writeTo(out);
  }

  private static void append(LogEntry e, ByteArrayOutputStream out) {
    out.write('{');
    if (e.data().length > 0) {
      out.writeBytes("\"log\":".getBytes(StandardCharsets.US_ASCII));
      writeString(out, e.data());
      out.write(',');
    }
    out.writeBytes(("\"stream\":\"" + e.stream().wire() + "\",\"time\":\"" + rfc3339Nano(e.time()) + "\"}\n")
        .getBytes(StandardCharsets.US_ASCII));
  }

  /** Go's {@code time.RFC3339Nano} in UTC: {@code 2024-05-01T10:00:00.12Z}, no fraction when whole. */
  public static String rfc3339Nano(Instant t) {
    StringBuilder s = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') end--;
      s.append('.').append(frac, 0, end);
    }
    return s.append('Z').toString();
  }

  private static void writeString(ByteArrayOutputStream out, byte[] s) {
    out.write('"');
    int i = 0;
    while (i < s.length) {
      int b = s[i] & 0xff;
      if (b < 0x80) {
        if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
          out.write(b);
        } else if (b == '\\' || b == '"') {
          out.write('\\');
          out.write(b);
        } else if (b == '\n') {
          out.write('\\');
          out.write('n');
        } else if (b == '\r') {
          out.write('\\');
          out.write('r');
        } else if (b == '\t') {
          out.write('\\');
          out.write('t');
        } else {
          out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xf]});
        }
        i++;
        continue;
      }
      int len = utf8Length(s, i);
      if (len < 0) {
        out.writeBytes("\\ufffd".getBytes(StandardCharsets.US_ASCII));
        i++;
        continue;
      }
      // U+2028 and U+2029 (E2 80 A8/A9) are valid JSON but break JavaScript; Go escapes them.
      if (len == 3 && b == 0xE2 && (s[i + 1] & 0xff) == 0x80 && ((s[i + 2] & 0xff) == 0xA8 || (s[i + 2] & 0xff) == 0xA9)) {
        out.writeBytes(("\\u202" + ((s[i + 2] & 0xff) == 0xA8 ? '8' : '9')).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(s, i, len);
      }
      i += len;
    }
    out.write('"');
  }

  /** Length of the valid UTF-8 sequence at {@code i}, or -1 (Go's utf8.DecodeRune rules: no overlongs, no surrogates, max U+10FFFF). */
  private static int utf8Length(byte[] s, int i) {
    int b0 = s[i] & 0xff;
    int len;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else return -1;
    if (i + len > s.length) return -1;
    int b1 = s[i + 1] & 0xff;
    if (b1 < lo || b1 > hi) return -1;
    for (int k = 2; k < len; k++) {
      int bk = s[i + k] & 0xff;
      if (bk < 0x80 || bk > 0xBF) return -1;
    }
    return len;
  }
}
