package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.logs.LogCursor;
import io.berth.engine.logs.LogPolicy;
import io.berth.engine.logs.LogQuery;
import io.berth.engine.logs.LogReader;
import io.berth.engine.logs.LogRotator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berthd's rotation against a real conmon: the live file is renamed, conmon is told to reopen on
 * its control fifo, and it goes on in a new file; nothing is lost while it switches, and a reader
 * that follows from the start sees every line once, in order.
 */
class ConmonLogRotationTest {
  @TempDir Path tmp;

  @Test void conmon_reopens_on_request_and_a_follower_sees_every_line_in_order() throws Exception {
    Path rootfs = TestBundles.rootfs(tmp.resolve("img"));
    try (var fx = new RuntimeFixture(tmp.resolve("rt"), rootfs); var reader = new LogReader();
        var rotator = new LogRotator(Duration.ofMillis(200))) {
      String id = fx.newId();
      var req = fx.request(id, List.of("sh", "-c",
          "i=0; while [ $i -lt 300 ]; do echo \"line $i\"; i=$((i+1)); usleep 5000; done"));
      Path live = req.logFile();
      rotator.watch(id, new LogRotator.Target(live, req.bundle().resolve("ctl"), new LogPolicy(true, 1000, 4)));
      fx.runtime.create(req);
      List<String> got = new ArrayList<>();
      try (LogCursor c = reader.follow(live, LogQuery.all(), () -> Files.exists(fx.exitFile(id)))) {
        fx.runtime.start(id);
        c.forEachRemaining(e -> got.add(e.text().strip()));
      }
      rotator.unwatch(id);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 300; i++) expected.add("line " + i);
      assertThat(got).containsExactlyElementsOf(expected);
      // ~12 KB of records in 1000-byte files, 4 kept
      assertThat(live.resolveSibling("ctr.log.1")).exists();
      assertThat(live.resolveSibling("ctr.log.3")).exists();
      assertThat(live.resolveSibling("ctr.log.4")).doesNotExist();
      for (int n = 1; n <= 3; n++) assertThat(Files.size(live.resolveSibling("ctr.log." + n))).isLessThan(2000);
      // what is kept reads back in order and ends with the last line
      List<String> kept = new ArrayList<>();
      try (LogCursor c = reader.read(live, LogQuery.all())) {
        c.forEachRemaining(e -> kept.add(e.text().strip()));
      }
      assertThat(kept).isNotEmpty().hasSizeLessThan(300);
      assertThat(expected).containsSubsequence(kept);
      assertThat(kept.getLast()).isEqualTo("line 299");
      int first = Integer.parseInt(kept.getFirst().substring(5));
      assertThat(kept).containsExactlyElementsOf(expected.subList(first, 300));
      fx.runtime.delete(id, false);
    }
  }
}
