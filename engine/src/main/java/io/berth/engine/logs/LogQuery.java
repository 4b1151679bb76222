package io.berth.engine.logs;

import io.berth.oci.errors.BerthException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which entries to read, with Docker's semantics ({@code GET /containers/{id}/logs}):
 * {@code tail} picks the last n entries of the file (of both streams) first; then entries before
 * {@code since} are skipped, reading ends at the first entry after {@code until} (both inclusive
 * bounds, as Docker's), and only the chosen {@code streams} are returned.
 */
public record LogQuery(Optional<Instant> since, Optional<Instant> until, OptionalInt tail, Set<LogStream> streams) {
  public LogQuery {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(tail, "tail");
    if (tail.isPresent() && tail.getAsInt() < 0) throw BerthException.invalid("tail must not be negative: %d", tail.getAsInt());
    if (streams.isEmpty()) throw BerthException.invalid("you must choose at least one stream");
    streams = Set.copyOf(streams);
  }

  /** Everything, both streams. */
  public static LogQuery all() {
    return new LogQuery(Optional.empty(), Optional.empty(), OptionalInt.empty(), EnumSet.allOf(LogStream.class));
  }

  public LogQuery withSince(Instant t) { return new LogQuery(Optional.of(t), until, tail, streams); }

  public LogQuery withUntil(Instant t) { return new LogQuery(since, Optional.of(t), tail, streams); }

  public LogQuery withTail(int n) { return new LogQuery(since, until, OptionalInt.of(n), streams); }

  public LogQuery withStreams(Set<LogStream> s) { return new LogQuery(since, until, tail, s); }

  boolean wants(LogEntry e) {
    return streams.contains(e.stream()) && since.map(s -> !e.time().isBefore(s)).orElse(true);
  }

  boolean pastUntil(LogEntry e) { return until.map(u -> e.time().isAfter(u)).orElse(false); }
}
