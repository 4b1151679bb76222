package io.berth.it;

import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.DebianImage;
import io.berth.testkit.HostLeaks;
import io.berth.testkit.Repo;
import io.berth.testkit.TestDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The daemon the build tests build on: by default a fresh berthd ({@link TestDaemon}) with busybox loaded;
 * with {@code -Dberth.it.build.host=unix:///path.sock} an already running reference daemon instead (a
 * private dockerd 20.10, which is how every expectation in the build tests was checked), into which
 * busybox is loaded with {@code docker load} and from which the test's {@code bt-*} images and build
 * containers are removed afterwards.
 *
 * <p>Builds go through the real docker CLI with {@code DOCKER_BUILDKIT=0} (the legacy builder's client
 * path: context tar to {@code POST /build}, JSON progress stream back) or through {@code berth build}.
 */
final class BuildTarget implements BeforeAllCallback, AfterAllCallback {
  static final String HOST_PROPERTY = "berth.it.build.host";
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
  private TestDaemon daemon;
  private Cli cli;
  private Path work;
  private int contexts;
  private boolean importedDebian;

  @Override public void beforeAll(ExtensionContext context) {
    Optional<String> host = Optional.ofNullable(System.getProperty(HOST_PROPERTY)).filter(h -> !h.isBlank());
    try {
      if (host.isPresent()) {
        if (!host.get().startsWith("unix://")) throw new IllegalArgumentException(HOST_PROPERTY + " must be unix:///path");
        work = Files.createTempDirectory(Path.of("/tmp"), "berth-bt-");
        cli = new Cli(Repo.root().resolve("bin/berth"), Path.of(host.get().substring("unix://".length())), work);
        Path tar = work.resolve("busybox.tar");
        new BusyboxImage().dockerSaveTar(tar, "busybox:latest");
        check(cli.docker("load", "-i", tar.toString()));
      } else {
        daemon = TestDaemon.start();
        daemon.loadBusybox("busybox:latest");
        cli = daemon.cli();
        work = Files.createDirectories(daemon.root().resolve("work"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override public void afterAll(ExtensionContext context) {
    if (daemon != null) {
      daemon.close();
      return;
    }
    if (cli == null) return;
    // The reference daemon is someone else's: remove only what the tests made (containers first: a
    // failed legacy build leaves its exited RUN container behind).
    for (String id : lines(cli.docker("ps", "-aq"))) {
      String image = cli.docker("inspect", "-f", "{{.Config.Image}}", id).out();
      if (image.matches("[0-9a-f]{12,64}|sha256:.*|bt-.*")) cli.docker("rm", "-f", id);
    }
    for (String ref : lines(cli.docker("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=bt-*"))) {
      cli.docker("rmi", "-f", ref);
    }
    if (importedDebian) DebianImage.TAGS.forEach(t -> cli.docker("rmi", t));
    cli.docker("image", "prune", "-f");
    try (Stream<Path> all = Files.walk(work)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /**
   * Makes {@code debian:bookworm} and {@code debian:12} ({@link DebianImage}: debootstrap once per machine,
   * cached) in the daemon: through bin/berth for berthd, the docker CLI for a reference daemon.
   */
  String importDebian() {
    if (daemon != null) return DebianImage.importInto(daemon);
    importedDebian = true;
    return DebianImage.importInto(cli.environment().get("DOCKER_HOST"), Cli.DOCKER);
  }

  /** True when the tests run against a reference dockerd (legacy builder) instead of berthd. */
  boolean reference() { return daemon == null; }

  Optional<TestDaemon> berthd() { return Optional.ofNullable(daemon); }

  Cli cli() { return cli; }

  Path work() { return work; }

  /** A new empty directory for a build context. */
  synchronized Path newContext(String name) {
    try {
      return Files.createDirectories(work.resolve("ctx-" + (++contexts) + "-" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code DOCKER_BUILDKIT=0 docker build flags... context}. */
  Cli.Result dockerBuild(Path context, List<String> flags) {
    var cmd = new ArrayList<>(List.of("env", "DOCKER_BUILDKIT=0", Cli.DOCKER.toString(), "build"));
    cmd.addAll(flags);
    cmd.add(context.toString());
    return cli.run(BUILD_TIMEOUT, cmd);
  }

  /** {@code berth build flags... context}. */
  Cli.Result berthBuild(Path context, List<String> flags) {
    var cmd = new ArrayList<>(List.of(cli.berthLauncher().toString(), "build"));
    cmd.addAll(flags);
    cmd.add(context.toString());
    return cli.run(BUILD_TIMEOUT, cmd);
  }

  Cli.Result docker(String... args) { return cli.docker(args); }

  Cli.Result docker(Duration timeout, List<String> args) {
    var cmd = new ArrayList<>(List.of(Cli.DOCKER.toString()));
    cmd.addAll(args);
    return cli.run(timeout, cmd);
  }

  /** Overlay (or any) mounts under berthd's roots; empty for a reference daemon (not ours to inspect). */
  List<String> mounts() {
    return daemon == null ? List.of() : HostLeaks.mountsUnder(List.of(daemon.root()));
  }

  /** Containers in state running, by ID. */
  List<String> runningContainers() { return lines(cli.docker("ps", "-q", "--no-trunc")); }

  static List<String> lines(Cli.Result r) {
    return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static Cli.Result check(Cli.Result r) {
    if (r.exitCode() != 0) throw new AssertionError("command failed: " + r);
    return r;
  }
}
