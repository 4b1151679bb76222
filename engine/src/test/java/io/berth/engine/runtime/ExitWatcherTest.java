package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
  record Exit(String id, int code, Instant at) {}

  @TempDir Path tmp;
  private final BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();

  static ExitWatcher started(Path dir, ExitWatcher.Listener l) throws java.io.IOException {
    ExitWatcher w = new ExitWatcher(dir, l);
    w.start();
    return w;
  }

  private Exit next() throws InterruptedException {
    Exit e = exits.poll(5, TimeUnit.SECONDS);
    assertThat(e).as("an exit event").isNotNull();
    return e;
  }

  /** As conmon does: write a temp file next to the target, then rename it into place. */
  private static void writeLikeConmon(Path dir, String id, String content) throws Exception {
    Path temp = dir.resolve(id + ".AB12CD");
    Files.writeString(temp, content);
    Files.move(temp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test void exits_recorded_while_nobody_watched_are_reported_at_start() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("exits"));
    Files.writeString(dir.resolve("aaa"), "0");
    Files.writeString(dir.resolve("bbb"), "137");
    Files.writeString(dir.resolve("ccc.X1Y2Z3"), "1"); // a half-written temp file

    try (var _ = started(dir, (id, code, at) -> exits.add(new Exit(id, code, at)))) {
      List<Exit> got = List.of(next(), next());
      assertThat(got).extracting(Exit::id, Exit::code).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("aaa", 0), org.assertj.core.groups.Tuple.tuple("bbb", 137));
      assertThat(exits.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test void each_new_exit_file_is_reported_once_and_again_after_it_was_replaced() throws Exception {
    Path dir = tmp.resolve("exits");
    try (var _ = started(dir, (id, code, at) -> exits.add(new Exit(id, code, at)))) {
      Instant before = Instant.now().minusSeconds(1);
      writeLikeConmon(dir, "c1", "3");
      Exit e = next();
      assertThat(e.id()).isEqualTo("c1");
      assertThat(e.code()).isEqualTo(3);
      assertThat(e.at()).isAfter(before);
      Files.setLastModifiedTime(dir.resolve("c1"), java.nio.file.attribute.FileTime.from(Instant.now())); // a touch is no new exit
      assertThat(exits.poll(200, TimeUnit.MILLISECONDS)).isNull();

      Files.delete(dir.resolve("c1")); // consumer recorded it; the container is started again
      writeLikeConmon(dir, "c1", "143");
      assertThat(next().code()).isEqualTo(143);
    }
  }

  @Test void a_file_written_in_place_is_reported_when_its_content_is_complete() throws Exception {
    Path dir = tmp.resolve("exits");
    try (var _ = started(dir, (id, code, at) -> exits.add(new Exit(id, code, at)))) {
      Files.createFile(dir.resolve("c2"));
      Thread.sleep(50);
      Files.writeString(dir.resolve("c2"), "42");
      assertThat(next().code()).isEqualTo(42);
      assertThat(exits.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test void start_twice_is_refused_and_close_is_idempotent() throws Exception {
    ExitWatcher w = new ExitWatcher(tmp.resolve("exits"), (id, code, at) -> {});
    w.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class);
    w.close();
  }

  @Test void a_failing_listener_does_not_stop_the_watcher() throws Exception {
    Path dir = tmp.resolve("exits");
    try (var _ = started(dir, (id, code, at) -> {
      exits.add(new Exit(id, code, at));
      throw new IllegalStateException("boom");
    })) {
      writeLikeConmon(dir, "x1", "1");
      writeLikeConmon(dir, "x2", "2");
      assertThat(List.of(next().id(), next().id())).containsExactlyInAnyOrder("x1", "x2");
    }
  }

  @Test void sees_the_exit_of_a_real_container() throws Exception {
    Path rootfs = TestBundles.rootfs(tmp.resolve("img"));
    try (var fx = new RuntimeFixture(tmp.resolve("rt"), rootfs);
         var _ = started(fx.exitDir, (id, code, at) -> exits.add(new Exit(id, code, at)))) {
      String id = fx.newId();
      fx.runtime.create(fx.request(id, List.of("sh", "-c", "exit 5")));
      fx.runtime.start(id);
      Exit e = next();
      assertThat(e.id()).isEqualTo(id);
      assertThat(e.code()).isEqualTo(5);
      fx.runtime.delete(id, false);
    }
  }
}
