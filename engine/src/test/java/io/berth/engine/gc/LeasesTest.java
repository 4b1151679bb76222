package io.berth.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeasesTest {
  final Leases leases = new Leases();

  @Test
  void exclusive_work_waits_for_open_leases_and_keeps_new_ones_out() throws Exception {
    var lease = leases.acquire("load");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    var exclusive = CompletableFuture.supplyAsync(() -> leases.exclusively(() -> {
      running.countDown();
      try {
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }));
    assertThat(running.await(300, TimeUnit.MILLISECONDS)).as("waits while a lease is open").isFalse();
    lease.close();
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    var second = CompletableFuture.supplyAsync(() -> leases.acquire("import"));
    Thread.sleep(200);
    assertThat(second).as("no lease opens during exclusive work").isNotDone();
    finish.countDown();
    assertThat(exclusive.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    second.get(5, TimeUnit.SECONDS).close();
  }

  @Test
  void a_collection_asked_for_during_leases_runs_once_when_the_last_closes() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    leases.collector(() -> {
      runs.incrementAndGet();
      ran.countDown();
    });
    var a = leases.acquire("a");
    var b = leases.acquire("b");
    assertThat(leases.collect()).isTrue();
    assertThat(leases.collect()).isTrue();
    a.close();
    a.close(); // twice is harmless
    assertThat(ran.await(200, TimeUnit.MILLISECONDS)).isFalse();
    b.close();
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(runs).hasValue(1);
    assertThat(leases.open()).isEmpty();
  }
}
