package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.logs.LogCursor;
import io.berth.engine.logs.LogEntry;
import io.berth.engine.logs.LogQuery;
import io.berth.engine.logs.LogReader;
import io.berth.engine.logs.LogStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log reader against conmon's real output: follow a running container until it exits. */
class ConmonLogFollowTest {
  @TempDir Path tmp;

  @Test void following_a_container_yields_all_its_output_then_ends_at_exit() throws Exception {
    Path rootfs = TestBundles.rootfs(tmp.resolve("img"));
    try (var fx = new RuntimeFixture(tmp.resolve("rt"), rootfs); var reader = new LogReader()) {
      String id = fx.newId();
      String longLine = "y".repeat(20000); // longer than conmon's 8 KiB read buffer: written as P records
      var req = fx.request(id, List.of("sh", "-c",
          "for i in 1 2 3; do echo line $i; sleep 0.05; done; echo oops >&2; printf '" + longLine + "\\n'; printf end"));
      fx.runtime.create(req);
      fx.runtime.start(id);
      List<LogEntry> got = new ArrayList<>();
      try (LogCursor c = reader.follow(req.logFile(), LogQuery.all(), () -> Files.exists(fx.exitFile(id)))) {
        c.forEachRemaining(got::add);
      }
      assertThat(got).extracting(LogEntry::text)
          .containsExactly("line 1\n", "line 2\n", "line 3\n", "oops\n", longLine + "\n", "end");
      assertThat(got.get(3).stream()).isEqualTo(LogStream.STDERR);
      assertThat(Files.readString(req.logFile())).contains(" stdout P yyy");
      fx.runtime.delete(id, false);
    }
  }
}
