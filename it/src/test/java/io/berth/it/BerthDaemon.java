package io.berth.it;

import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.EngineHttp;
import io.berth.testkit.TestDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestDaemon} per test class with the busybox image loaded as {@code busybox:latest}:
 * {@code @RegisterExtension static final BerthDaemon berth = new BerthDaemon();}. Closing the daemon after
 * the class checks the host for leaks, so a leak fails the class.
 */
final class BerthDaemon implements BeforeAllCallback, AfterAllCallback {
  private final String[] daemonArgs;
  private TestDaemon daemon;
  private BusyboxImage.Built busybox;
  private Path work;

  BerthDaemon(String... daemonArgs) {
    this.daemonArgs = daemonArgs.clone();
  }

  @Override public void beforeAll(ExtensionContext context) {
    daemon = TestDaemon.start(daemonArgs);
    busybox = daemon.loadBusybox("busybox:latest");
    try {
      work = Files.createDirectories(daemon.root().resolve("work"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override public void afterAll(ExtensionContext context) {
    if (daemon != null) daemon.close();
  }

  TestDaemon daemon() { return daemon; }

  Cli cli() { return daemon.cli(); }

  EngineHttp api() { return daemon.api(); }

  /** The image ID busybox:latest must have ({@code sha256:…}). */
  String busyboxId() { return busybox.imageId().toString(); }

  /** A scratch directory for test files (deleted with the daemon). */
  Path work() { return work; }

  Cli.Result berth(String... args) { return daemon.cli().berth(args); }

  Cli.Result docker(String... args) { return daemon.cli().docker(args); }

  /** Polls {@code condition} every 100 ms; fails with {@code what} after {@code timeout}. */
  static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      try { Thread.sleep(100); } catch (InterruptedException e) { Thread.currentThread().interrupt(); throw new AssertionError(e); }
    }
  }
}
