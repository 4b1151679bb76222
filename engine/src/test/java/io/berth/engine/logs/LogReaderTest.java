package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path tmp;
  private final LogReader reader = new LogReader(Duration.ofMillis(50));

  @AfterEach void closeReader() { reader.close(); }

  /** A k8s-file record as conmon writes it (local time with offset; we use +01:00). */
  private static String rec(int second, String stream, char tag, String text) {
    String ts = OffsetDateTime.ofInstant(T0.plusSeconds(second).plusNanos(1000), ZoneOffset.ofHours(1))
        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx"));
    return ts + " " + stream + " " + tag + " " + text + "\n";
  }

  private Path log(String... records) throws Exception {
    Path p = tmp.resolve("ctr.log");
    Files.writeString(p, String.join("", records));
    return p;
  }

  private static List<String> texts(LogCursor c) {
    List<String> out = new ArrayList<>();
    try (c) {
      c.forEachRemaining(e -> out.add(e.stream().wire() + ":" + e.text()));
    }
    return out;
  }

  @Test void partial_records_are_joined_with_the_following_full_record_of_their_stream() throws Exception {
    Path p = log(rec(0, "stdout", 'P', "abc"), rec(1, "stderr", 'F', "err"), rec(2, "stdout", 'P', "def"),
        rec(3, "stdout", 'F', "ghi"), rec(4, "stdout", 'F', ""));
    List<LogEntry> all = reader.read(p, LogQuery.all()).stream().toList();
    assertThat(all).extracting(LogEntry::text).containsExactly("err\n", "abcdefghi\n", "\n");
    assertThat(all.get(1).time()).isEqualTo(T0.plusNanos(1000)); // the time of the line's first part
    assertThat(all.get(1).stream()).isEqualTo(LogStream.STDOUT);
  }

  @Test void malformed_lines_are_skipped() throws Exception {
    Path p = log("garbage\n", rec(0, "stdout", 'F', "ok"), "2024-05-01T10:00:00Z stdin F x\n", "\n");
    assertThat(texts(reader.read(p, LogQuery.all()))).containsExactly("stdout:ok\n");
  }

  @Test void a_missing_file_reads_as_empty() {
    assertThat(texts(reader.read(tmp.resolve("none.log"), LogQuery.all()))).isEmpty();
  }

  @Test void tail_returns_the_last_entries_counting_joined_lines_once() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "1"), rec(1, "stdout", 'P', "2a"), rec(2, "stdout", 'F', "2b"),
        rec(3, "stderr", 'F', "3"), rec(4, "stdout", 'F', "4"));
    assertThat(texts(reader.read(p, LogQuery.all().withTail(2)))).containsExactly("stderr:3\n", "stdout:4\n");
    assertThat(texts(reader.read(p, LogQuery.all().withTail(3)))).containsExactly("stdout:2a2b\n", "stderr:3\n", "stdout:4\n");
    assertThat(texts(reader.read(p, LogQuery.all().withTail(0)))).isEmpty();
    assertThat(texts(reader.read(p, LogQuery.all().withTail(100)))).hasSize(4);
    // the tail counts both streams, then the stream filter applies (Docker's order)
    assertThat(texts(reader.read(p, LogQuery.all().withTail(2).withStreams(Set.of(LogStream.STDERR))))).containsExactly("stderr:3\n");
  }

  @Test void tail_counts_a_trailing_partial_line_as_one_entry() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "1"), rec(1, "stdout", 'F', "2"), rec(2, "stdout", 'P', "3a"), rec(3, "stdout", 'P', "3b"));
    assertThat(texts(reader.read(p, LogQuery.all().withTail(2)))).containsExactly("stdout:2\n", "stdout:3a3b");
  }

  @Test void tail_works_across_read_blocks() throws Exception {
    StringBuilder sb = new StringBuilder();
    String filler = "x".repeat(1000);
    for (int i = 0; i < 300; i++) sb.append(rec(i, "stdout", 'F', i + " " + filler));
    Path p = log(sb.toString());
    List<String> got = texts(reader.read(p, LogQuery.all().withTail(150)));
    assertThat(got).hasSize(150);
    assertThat(got.getFirst()).startsWith("stdout:150 ");
  }

  @Test void since_and_until_are_inclusive_time_bounds() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "a"), rec(1, "stdout", 'F', "b"), rec(2, "stdout", 'F', "c"), rec(3, "stdout", 'F', "d"));
    Instant t1 = T0.plusSeconds(1).plusNanos(1000);
    Instant t2 = T0.plusSeconds(2).plusNanos(1000);
    assertThat(texts(reader.read(p, LogQuery.all().withSince(t1).withUntil(t2)))).containsExactly("stdout:b\n", "stdout:c\n");
  }

  @Test void a_query_must_choose_a_stream() {
    assertThatThrownBy(() -> LogQuery.all().withStreams(Set.of())).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test void follow_yields_appended_entries_promptly_and_ends_when_stopped_and_drained() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "old"));
    AtomicBoolean exited = new AtomicBoolean();
    BlockingQueue<Object> got = new LinkedBlockingQueue<>();
    LogReader slowRecheck = new LogReader(Duration.ofSeconds(1));
    Thread consumer = Thread.ofVirtual().start(() -> {
      try (LogCursor c = slowRecheck.follow(p, LogQuery.all(), exited::get)) {
        c.forEachRemaining(e -> got.add(e.text()));
      }
      got.add("END");
    });
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("old\n");

    long t0 = System.nanoTime();
    Files.writeString(p, rec(1, "stdout", 'F', "new"), StandardOpenOption.APPEND);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("new\n");
    long latencyMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(latencyMs).as("woken by inotify, not by the 1 s re-check").isLessThan(500);

    // conmon writes the last output, then the exit file: the follower must still deliver that output
    Files.writeString(p, rec(2, "stdout", 'P', "last"), StandardOpenOption.APPEND);
    exited.set(true);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("last");
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("END");
    consumer.join();
    slowRecheck.close();
  }

  @Test void follow_waits_for_the_file_to_appear() throws Exception {
    Path p = tmp.resolve("later.log");
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Thread consumer = Thread.ofVirtual().start(() -> {
      try (LogCursor c = reader.follow(p, LogQuery.all(), () -> false)) {
        got.add(c.next().text());
      }
    });
    Thread.sleep(100);
    Files.writeString(p, rec(0, "stderr", 'F', "hello"));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hello\n");
    consumer.join();
  }

  @Test void close_from_another_thread_ends_a_blocked_follow() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "x"));
    LogCursor c = reader.follow(p, LogQuery.all(), () -> false);
    assertThat(c.next().text()).isEqualTo("x\n");
    BlockingQueue<Boolean> hasNext = new LinkedBlockingQueue<>();
    Thread t = Thread.ofVirtual().start(() -> hasNext.add(c.hasNext()));
    Thread.sleep(100);
    c.close();
    assertThat(hasNext.poll(5, TimeUnit.SECONDS)).isFalse();
    t.join();
  }

  @Test void follow_stops_at_the_first_entry_after_until() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "a"));
    try (LogCursor c = reader.follow(p, LogQuery.all().withUntil(T0.plusSeconds(1).plusNanos(1000)), () -> false)) {
      assertThat(c.next().text()).isEqualTo("a\n");
      Files.writeString(p, rec(1, "stdout", 'F', "b") + rec(5, "stdout", 'F', "c"), StandardOpenOption.APPEND);
      assertThat(c.next().text()).isEqualTo("b\n");
      assertThat(c.hasNext()).isFalse();
    }
  }

  @Test void follow_continues_into_a_rotated_file() throws Exception {
    Path p = log(rec(0, "stdout", 'F', "before"));
    try (LogCursor c = reader.follow(p, LogQuery.all(), () -> false)) {
      assertThat(c.next().text()).isEqualTo("before\n");
      Files.writeString(p, rec(1, "stdout", 'F', "tail of old"), StandardOpenOption.APPEND);
      Path fresh = tmp.resolve("ctr.log.tmp");
      Files.writeString(fresh, rec(2, "stdout", 'F', "in new"));
      Files.move(fresh, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      assertThat(c.next().text()).isEqualTo("tail of old\n");
      assertThat(c.next().text()).isEqualTo("in new\n");
    }
  }

  @Test void entries_carry_raw_bytes() throws Exception {
    Path p = tmp.resolve("raw.log");
    byte[] head = rec(0, "stdout", 'F', "").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + 2];
    System.arraycopy(head, 0, line, 0, head.length - 1);
    line[head.length - 1] = (byte) 0xff;
    line[head.length] = (byte) 0x00;
    line[head.length + 1] = '\n';
    Files.write(p, line);
    LogEntry e = reader.read(p, LogQuery.all()).next();
    assertThat(e.data()).containsExactly((byte) 0xff, (byte) 0x00, (byte) '\n');
  }
}
