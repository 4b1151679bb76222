package io.berth.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One line of container output: the bytes as the container wrote them, including the final
 * {@code '\n'} unless the output ended without one. Lines conmon split into partial records are
 * joined; {@link #time} is when conmon read the line's first bytes.
 */
public record LogEntry(Instant time, LogStream stream, byte[] data) {
  public LogEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(data, "data");
  }

  /** The data decoded as UTF-8 (invalid sequences replaced), for tests and diagnostics. */
  public String text() { return new String(data, StandardCharsets.UTF_8); }

  @Override public boolean equals(Object o) {
    return o instanceof LogEntry e && time.equals(e.time) && stream == e.stream && Arrays.equals(data, e.data);
  }

  @Override public int hashCode() { return Objects.hash(time, stream, Arrays.hashCode(data)); }

  @Override public String toString() { return "LogEntry[" + time + " " + stream.wire() + " " + text().strip() + "]"; }
}
