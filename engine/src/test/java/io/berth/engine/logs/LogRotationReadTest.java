package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a log that berthd rotates: the chain ctr.log.N … ctr.log.1, ctr.log, in order. */
class LogRotationReadTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path tmp;
  private final LogReader reader = new LogReader(Duration.ofMillis(20));

  @AfterEach void closeReader() { reader.close(); }

  private static String rec(int n) {
    String ts = OffsetDateTime.ofInstant(T0.plusMillis(n), ZoneOffset.UTC)
        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx"));
    return ts + " stdout F line " + n + "\n";
  }

  private static String recs(int from, int to) {
    var sb = new StringBuilder();
    for (int i = from; i < to; i++) sb.append(rec(i));
    return sb.toString();
  }

  private Path live() { return tmp.resolve("ctr.log"); }

  private static List<String> texts(LogCursor c) {
    List<String> out = new ArrayList<>();
    try (c) {
      c.forEachRemaining(e -> out.add(e.text().strip()));
    }
    return out;
  }

  private static List<String> lines(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add("line " + i);
    return out;
  }

  @Test void a_read_spans_the_rotated_files_oldest_first() throws Exception {
    Files.writeString(tmp.resolve("ctr.log.2"), recs(0, 3));
    Files.writeString(tmp.resolve("ctr.log.1"), recs(3, 6));
    Files.writeString(live(), recs(6, 8));
    assertThat(texts(reader.read(live(), LogQuery.all()))).containsExactlyElementsOf(lines(0, 8));
  }

  @Test void tail_counts_back_across_files() throws Exception {
    Files.writeString(tmp.resolve("ctr.log.2"), recs(0, 3));
    Files.writeString(tmp.resolve("ctr.log.1"), recs(3, 6));
    Files.writeString(live(), recs(6, 8));
    assertThat(texts(reader.read(live(), LogQuery.all().withTail(1)))).containsExactly("line 7");
    assertThat(texts(reader.read(live(), LogQuery.all().withTail(4)))).containsExactlyElementsOf(lines(4, 8));
    assertThat(texts(reader.read(live(), LogQuery.all().withTail(7)))).containsExactlyElementsOf(lines(1, 8));
    assertThat(texts(reader.read(live(), LogQuery.all().withTail(100)))).containsExactlyElementsOf(lines(0, 8));
  }

  @Test void rotation_keeps_at_most_max_files() throws Exception {
    for (int round = 0; round < 5; round++) {
      Files.writeString(live(), recs(round * 2, round * 2 + 2));
      assertThat(LogFiles.rotate(live(), 3)).isTrue();
    }
    assertThat(tmp.resolve("ctr.log.1")).exists();
    assertThat(tmp.resolve("ctr.log.2")).exists();
    assertThat(tmp.resolve("ctr.log.3")).doesNotExist();
    assertThat(live()).doesNotExist(); // until the writer reopens
    assertThat(texts(reader.read(live(), LogQuery.all()))).containsExactlyElementsOf(lines(6, 10));
  }

  @Test void with_one_file_nothing_is_renamed() throws Exception {
    Files.writeString(live(), recs(0, 2));
    assertThat(LogFiles.rotate(live(), 1)).isFalse();
    assertThat(live()).exists();
    assertThat(tmp.resolve("ctr.log.1")).doesNotExist();
  }

  /** berthd renames the live file; conmon appends to it until it reopens, then writes a new one. */
  @Test void a_follower_reads_on_through_a_rotation_without_losing_lines() throws Exception {
    Files.writeString(live(), recs(0, 2));
    try (LogCursor c = reader.follow(live(), LogQuery.all(), () -> false)) {
      assertThat(c.next().text()).isEqualTo("line 0\n");
      assertThat(c.next().text()).isEqualTo("line 1\n");
      LogFiles.rotate(live(), 3);
      Files.writeString(tmp.resolve("ctr.log.1"), recs(2, 4), StandardOpenOption.APPEND); // before the reopen
      Files.writeString(live(), recs(4, 6)); // conmon's new file
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) got.add(c.next().text().strip());
      assertThat(got).containsExactlyElementsOf(lines(2, 6));
    }
  }

  /** A follower that fell behind by more than the kept files goes on with the oldest file left. */
  @Test void a_lagging_follower_skips_only_what_rotation_dropped() throws Exception {
    Files.writeString(live(), recs(0, 2));
    try (LogCursor c = reader.follow(live(), LogQuery.all(), () -> false)) {
      assertThat(c.next().text()).isEqualTo("line 0\n");
      // three rotations with max-file 2 while the follower sleeps: the file it holds is deleted
      for (int round = 1; round <= 3; round++) {
        LogFiles.rotate(live(), 2);
        Files.writeString(live(), recs(round * 2, round * 2 + 2));
      }
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) got.add(c.next().text().strip());
      // the rest of the file it had open, then what is still kept
      assertThat(got).containsExactly("line 1", "line 4", "line 5");
      assertThat(c.next().text()).isEqualTo("line 6\n");
    }
  }

  @Test void a_follow_with_tail_starts_in_a_rotated_file() throws Exception {
    Files.writeString(tmp.resolve("ctr.log.1"), recs(0, 3));
    Files.writeString(live(), recs(3, 4));
    try (LogCursor c = reader.follow(live(), LogQuery.all().withTail(2), () -> false)) {
      assertThat(c.next().text()).isEqualTo("line 2\n");
      assertThat(c.next().text()).isEqualTo("line 3\n");
      Files.writeString(live(), rec(4), StandardOpenOption.APPEND);
      assertThat(c.next().text()).isEqualTo("line 4\n");
    }
  }
}
