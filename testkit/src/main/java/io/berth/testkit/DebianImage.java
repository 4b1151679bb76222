package io.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's own Debian 12 base image ({@code scripts/debian-image}): a {@code debootstrap
 * --variant=minbase bookworm} rootfs cached as a gzip tarball (by default
 * {@code /var/cache/berth/debian-bookworm-minbase.tar.gz}, see the script for the environment variables),
 * imported into a daemon as {@code debian:bookworm} and {@code debian:12} with the official image's config.
 *
 * <p>The first {@link #tarball()} on a machine runs debootstrap (about a minute, needs the Debian mirror);
 * every later one, in this JVM or any other process, reuses the cached file. Concurrent callers share one
 * debootstrap: threads of this JVM through a lock here, other processes (parallel forks, CI jobs) through
 * the script's {@code flock} on the tarball. Needs root and {@code debootstrap} ({@code scripts/install-deps}).
 */
public final class DebianImage {
  /** The tags {@link #importInto} gives the image. */
  public static final List<String> TAGS = List.of("debian:bookworm", "debian:12");
  private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(3);
  private static final Object LOCK = new Object();
  private static Path cached;

  private DebianImage() {}

  /** The cached rootfs tarball; runs the script's debootstrap part first if it is missing. */
  public static Path tarball() {
    synchronized (LOCK) {
      if (cached == null || !Files.isRegularFile(cached)) {
        String out = script(DEBOOTSTRAP_TIMEOUT, List.of("--tarball-only"));
        cached = Path.of(out.strip().lines().reduce((a, b) -> b).orElseThrow());
      }
      return cached;
    }
  }

  /**
   * Imports the tarball into {@code daemon} as {@link #TAGS} through the berth CLI ({@code import --change}).
   *
   * @return the image ID ({@code sha256:…})
   */
  public static String importInto(TestDaemon daemon) {
    return importInto(daemon.dockerHost(), daemon.cli().berthLauncher());
  }

  /**
   * Imports into the daemon at {@code dockerHost} ({@code unix:///…}) with {@code client}, any CLI with
   * docker's {@code import --change} and {@code tag} (bin/berth, or the docker CLI for a reference dockerd).
   */
  public static String importInto(String dockerHost, Path client) {
    tarball();
    String out = script(IMPORT_TIMEOUT, List.of("--host", dockerHost, "--client", client.toString()));
    return out.strip().lines().reduce((a, b) -> b).orElseThrow();
  }

  /** Runs {@code scripts/debian-image args}; returns its stdout, or throws with its output on failure. */
  private static String script(Duration timeout, List<String> args) {
    Path script = Repo.root().resolve("scripts/debian-image");
    var cmd = new ArrayList<String>();
    cmd.add(script.toString());
    cmd.addAll(args);
    try {
      Path out = Files.createTempFile("debian-image-", ".out");
      Path err = Files.createTempFile("debian-image-", ".err");
      try {
        Process p = new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + timeout + ":\n" + Files.readString(err));
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", cmd) + " failed with " + p.exitValue() + ":\n" + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
