package io.berth.engine.container;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.engine.logs.LogPolicy;
import io.berth.engine.logs.LogRotator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a container's output goes and how long it stays, and the wiring of log rotation to the
 * container life cycle: a started container's log is watched by the {@link LogRotator}, an exited
 * one no longer (nothing writes it).
 *
 * <p>With the {@code none} driver no log is kept: conmon still writes its output, which attach
 * streams, to a small file on the exec root (tmpfs), capped by conmon's own
 * {@code --log-size-max} and deleted with the container; {@code logs} refuses to read it, as docker
 * does ("configured logging driver does not support reading").
 */
public final class ContainerLogs implements AutoCloseable {
  /** conmon's cap for the attach-only file of a container with the none driver. */
  static final long NONE_BUFFER_BYTES = 1024 * 1024;

  private final ContainerService containers;
  private final LogRotator rotator;
  private EventBus.Subscription subscription;
  private Thread thread;

  public ContainerLogs(ContainerService containers, LogRotator rotator) {
    this.containers = containers;
    this.rotator = rotator;
  }

  public static LogPolicy policy(Container c) {
    var lc = c.config().host().logConfig();
    return LogPolicy.of(lc.type(), lc.config());
  }

  /** Whether {@code logs} can read the container's output (not with the none driver). */
  public static boolean readable(Container c) { return policy(c).enabled(); }

  /** The file conmon writes: the log, or for the none driver the attach-only file on the exec root. */
  public static Path file(ContainerPaths paths, Container c) {
    return readable(c) ? paths.log(c.id()) : paths.execRoot().resolve("attach").resolve(c.id() + ".out");
  }

  /** conmon's {@code --log-size-max}: none for the rotated log, a cap for the attach-only file. */
  public static long conmonSizeMax(Container c) { return readable(c) ? -1 : NONE_BUFFER_BYTES; }

  /** Watches running containers now and follows starts, exits and removals from here on. */
  public void start() throws IOException {
    // the attach-only files' directory must exist before an attach watches it
    Files.createDirectories(containers.paths().execRoot().resolve("attach"));
    subscription = containers.events().subscribeInternal();
    for (Container c : containers.list()) if (c.state().running()) watch(c);
    thread = Thread.ofVirtual().name("container-logs").start(() -> {
      try {
        while (true) handle(subscription.live().take());
      } catch (InterruptedException e) {
        // closed
      }
    });
  }

  private void handle(Event e) {
    if (!e.type().equals("container")) return;
    switch (e.action()) {
      case "start" -> containers.find(e.actorId()).ifPresent(this::watch);
      case "die" -> rotator.unwatch(e.actorId());
      case "destroy" -> {
        rotator.unwatch(e.actorId());
        try {
          Files.deleteIfExists(containers.paths().execRoot().resolve("attach").resolve(e.actorId() + ".out"));
        } catch (IOException ex) {
          System.err.println("berthd: cannot delete the output of " + e.actorId() + ": " + ex.getMessage());
        }
      }
      default -> { /* not about logs */ }
    }
  }

  private void watch(Container c) {
    LogPolicy p = policy(c);
    if (!p.enabled()) return;
    rotator.watch(c.id(), new LogRotator.Target(containers.paths().log(c.id()),
        containers.paths().bundle(c.id()).resolve("ctl"), p));
  }

  @Override public void close() {
    if (subscription != null) subscription.close();
    if (thread != null) thread.interrupt();
  }
}
