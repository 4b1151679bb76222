package io.berth.engine.api;

import io.berth.engine.cgroups.CgroupLayout;
import io.berth.engine.cgroups.CgroupManager;
import io.berth.engine.cgroups.CgroupStats;
import io.berth.engine.cgroups.HostCpu;
import io.berth.engine.cgroups.NetDevStats;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /containers/{id}/stats}: Docker's stats documents, read from the container's cgroup
 * when asked. There is no background poller: each request samples its container once a second for
 * as long as it streams, so idle containers cost nothing and {@code docker stats} on 50 containers
 * costs 50 small reads a second. {@code stream=false} primes the CPU figures with a first sample one
 * second earlier, as dockerd does, unless {@code one-shot=true}.
 */
public final class StatsRoutes {
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final ContainerService containers;
  private final CgroupManager cgroups;
  private final HostCpu hostCpu;
  private final Path proc;

  public StatsRoutes(ContainerService containers, CgroupManager cgroups, HostCpu hostCpu, Path proc) {
    this.containers = containers;
    this.cgroups = cgroups;
    this.hostCpu = hostCpu;
    this.proc = proc;
  }

  public void register(Router r) {
    r.add("GET", "/containers/{id}/stats", this::stats);
  }

  /** One sample: the cgroup's figures, the host's CPU time, the container's interfaces. */
  private record Sample(CgroupStats cgroup, HostCpu.Sample host, Map<String, NetDevStats.Iface> networks) {}

  private void stats(ApiRequest req) throws IOException, InterruptedException {
    Container c = containers.get(req.param("id"));
    boolean stream = req.bool("stream", true);
    boolean oneShot = req.bool("one-shot", false);
    if (oneShot && stream) throw BerthException.invalid("cannot have stream=true and one-shot=true");
    if (!stream) {
      Optional<Sample> first = sample(c);
      if (first.isEmpty()) {
        Responses.json(req, 200, StatsJson.empty(c.id(), c.name()));
        return;
      }
      Optional<Sample> previous = Optional.empty();
      Sample now = first.get();
      if (!oneShot) {
        Thread.sleep(INTERVAL);
        Optional<Sample> second = sample(containers.get(c.id()));
        if (second.isPresent()) {
          previous = first;
          now = second.get();
        }
      }
      Responses.json(req, 200, document(c, now, previous));
      return;
    }
    Headers h = new Headers();
    h.set("Content-Type", "application/json");
    h.set("Connection", "close");
    try (Upgraded conn = req.exchange().hijack(200, h)) {
      var hangup = new java.util.concurrent.CountDownLatch(1);
      Thread.ofVirtual().name("stats-hangup").start(() -> {
        awaitEof(conn.in());
        hangup.countDown();
      });
      OutputStream out = conn.out();
      Optional<Sample> previous = Optional.empty();
      while (true) {
        Optional<Container> current = containers.find(c.id());
        if (current.isEmpty()) return; // removed: the stream ends, as with Docker
        Optional<Sample> now = sample(current.get());
        Object doc = now.isPresent() ? document(current.get(), now.get(), previous)
            : StatsJson.empty(c.id(), current.get().name());
        previous = now;
        byte[] json = Responses.bytes(doc);
        out.write(json);
        out.write('\n');
        out.flush();
        if (hangup.await(INTERVAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) return;
      }
    } catch (InterruptedException | IOException clientGone) {
      // the client hung up
    }
  }

  private Map<String, Object> document(Container c, Sample now, Optional<Sample> previous) {
    return StatsJson.toJson(c.id(), c.name(), now.cgroup(), previous.map(Sample::cgroup), now.host().systemUsageNanos(),
        previous.map(p -> p.host().systemUsageNanos()).orElse(0L), now.host().onlineCpus(), now.networks(),
        cgroups.layout() == CgroupLayout.UNIFIED);
  }

  /** Empty when the container does not run (or stopped while we read). */
  private Optional<Sample> sample(Container c) {
    if (!c.state().running()) return Optional.empty();
    try {
      CgroupStats stats = cgroups.stats(c.config().resources().cgroupPath(c.id()));
      return Optional.of(new Sample(stats, hostCpu.sample(), NetDevStats.read(proc, c.state().pid())));
    } catch (BerthException.NotFound gone) {
      return Optional.empty();
    }
  }

  private static void awaitEof(InputStream in) {
    byte[] buf = new byte[512];
    try {
      while (in.read(buf) >= 0) {
        // nothing to read on a stats stream
      }
    } catch (IOException closed) {
      // closed by us or reset by the client
    }
  }
}
