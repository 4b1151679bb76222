package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A healthcheck probe run as an exec in the container (Docker's {@code cmdProbe}): stdout and stderr
 * together, at most {@link ContainerHealth#MAX_OUTPUT} bytes kept ("..." marks a cut). The timeout
 * counts from the moment the process runs; a probe that exceeds it is killed and reported as exit -1
 * with Docker's "Health check exceeded timeout (30s)". A probe that cannot start is exit -1 with the
 * runtime's message.
 */
public final class ExecHealthProbe implements HealthMonitor.Probe {
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final Duration DRAIN = Duration.ofSeconds(2);

  private final ExecService execs;

  public ExecHealthProbe(ExecService execs) {
    this.execs = execs;
  }

  @Override public ContainerHealth.Result run(Container c, List<String> cmd, Duration timeout) throws InterruptedException {
    Instant start = Instant.now();
    ExecService.Started s;
    try {
      s = execs.start(execs.createProbe(c, cmd), Optional.empty(), false);
    } catch (ExecService.ExecStartFailure | BerthException e) {
      return new ContainerHealth.Result(start, Instant.now(), -1, e.getMessage());
    }
    Output out = new Output();
    CountDownLatch drained = new CountDownLatch(2);
    drain(s.process().stdout(), out, drained);
    drain(s.process().stderr(), out, drained);
    try {
      int code = s.instance().done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      drained.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      return new ContainerHealth.Result(start, Instant.now(), code, out.text());
    } catch (TimeoutException e) {
      kill(s);
      String text = out.text();
      String msg = "Health check exceeded timeout (" + GoDurations.format(timeout) + ")" + (text.isEmpty() ? "" : ": " + text);
      return new ContainerHealth.Result(start, Instant.now(), -1, msg);
    } catch (ExecutionException e) {
      return new ContainerHealth.Result(start, Instant.now(), -1, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      kill(s); // the monitor stopped: no probe may outlive it
      throw e;
    } finally {
      s.process().close();
    }
  }

  private static void kill(ExecService.Started s) {
    try {
      s.process().signal(9);
      s.instance().done().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      // gone already, or the container is going down with it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(InputStream in, Output out, CountDownLatch done) {
    Thread.ofPlatform().daemon().name("health-output").start(() -> {
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, n);
      } catch (IOException closed) {
        // the probe is over
      } finally {
        done.countDown();
      }
    });
  }

  /** Docker's limitedBuffer: the first 4096 bytes, and whether more came. */
  static final class Output {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private boolean truncated;

    synchronized void write(byte[] b, int n) {
      int keep = Math.min(ContainerHealth.MAX_OUTPUT - buf.size(), n);
      if (keep > 0) buf.write(b, 0, keep);
      if (keep < n) truncated = true;
    }

    synchronized String text() {
      return buf.toString(StandardCharsets.UTF_8) + (truncated ? "..." : "");
    }
  }
}
