package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures create() → start() → exit observed (ExitWatcher) for {@code true}, against a bare
 * {@code runc run} of the same bundle. Prints medians; asserts only a generous bound.
 * More rounds: {@code -Dberth.bench.rounds=50}.
 */
class ExitLatencyBenchTest {
  @TempDir Path tmp;

  @Test void create_to_observed_exit_of_true_is_close_to_bare_runc_run() throws Exception {
    int rounds = Integer.getInteger("berth.bench.rounds", 10);
    Path rootfs = TestBundles.rootfs(tmp.resolve("img"));
    var latches = new ConcurrentHashMap<String, CountDownLatch>();
    List<Long> conmonNs = new ArrayList<>();
    List<Long> createNs = new ArrayList<>();
    List<Long> bareNs = new ArrayList<>();
    List<Long> bareCreateNs = new ArrayList<>();
    try (var fx = new RuntimeFixture(tmp.resolve("rt"), rootfs);
         var _ = ExitWatcherTest.started(fx.exitDir, (id, code, at) -> latches.get(id).countDown())) {
      for (int i = 0; i < rounds + 2; i++) {
        String id = fx.newId();
        var req = fx.request(id, List.of("true"));
        var latch = new CountDownLatch(1);
        latches.put(id, latch);
        long t0 = System.nanoTime();
        fx.runtime.create(req);
        long t1 = System.nanoTime();
        fx.runtime.start(id);
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        long t2 = System.nanoTime();
        fx.runtime.delete(id, false);
        if (i >= 2) { // warm-up
          conmonNs.add(t2 - t0);
          createNs.add(t1 - t0);
        }

        String bareId = fx.newId();
        var bare = fx.request(bareId, List.of("true"));
        long b0 = System.nanoTime();
        Process p = new ProcessBuilder(RuntimeFixture.RUNC.toString(), "--root", fx.runtimeRoot.toString(), "run", bareId)
            .directory(bare.bundle().toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor()).isZero();
        long b1 = System.nanoTime();
        if (i >= 2) bareNs.add(b1 - b0);

        // runc create alone, without conmon: what our create() costs on top of the runtime
        String createId = fx.newId();
        var plain = fx.request(createId, List.of("true"));
        long c0 = System.nanoTime();
        Process pc = new ProcessBuilder(RuntimeFixture.RUNC.toString(), "--root", fx.runtimeRoot.toString(), "create", createId)
            .directory(plain.bundle().toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(pc.waitFor()).isZero();
        long c1 = System.nanoTime();
        fx.runtime.delete(createId, true);
        if (i >= 2) bareCreateNs.add(c1 - c0);
      }
    }
    System.out.printf("exit latency over %d rounds (medians): create()+start() to exit observed %.1f ms, of which create() %.1f ms;"
        + " bare runc run %.1f ms; bare runc create %.1f ms%n",
        rounds, median(conmonNs), median(createNs), median(bareNs), median(bareCreateNs));
    assertThat(median(conmonNs)).isLessThan(1000);
  }

  private static double median(List<Long> ns) {
    List<Long> s = new ArrayList<>(ns);
    Collections.sort(s);
    return s.get(s.size() / 2) / 1e6;
  }
}
