package io.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs command-line clients against one daemon: {@code bin/berth} and the real docker CLI, each as a
 * child process with {@code DOCKER_HOST} (and {@code BERTH_HOST}) pointing at the daemon's socket, stdin
 * at end-of-file, stdout/stderr captured to files, and a timeout on every wait.
 *
 * <p>The docker CLI gets its own {@code DOCKER_CONFIG} directory so the user's {@code ~/.docker} (contexts,
 * credential helpers) cannot change what is tested. Thread-safe: each call is its own process.
 */
public final class Cli {
  /** The real docker CLI (28.x on the development machines). */
  public static final Path DOCKER = Path.of("/usr/local/bin/docker");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Path berth;
  private final Map<String, String> env;
  private final Path workDir;

  /**
   * @param berth   the {@code bin/berth} launcher
   * @param socket  the daemon's unix socket
   * @param workDir where output files and the docker config directory go (must exist)
   */
  public Cli(Path berth, Path socket, Path workDir) {
    this.berth = berth;
    this.workDir = workDir;
    var e = new HashMap<String, String>();
    e.put("DOCKER_HOST", "unix://" + socket);
    e.put("BERTH_HOST", "unix://" + socket);
    e.put("DOCKER_CONFIG", workDir.resolve("docker-config").toString());
    e.put("DOCKER_CLI_HINTS", "false");
    this.env = Map.copyOf(e);
  }

  /** The outcome of a finished command. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public String out() { return stdout.strip(); }

    /** stdout and stderr together, for error messages that may go to either. */
    public String all() { return stdout + stderr; }

    @Override public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  public Result berth(String... args) { return run(DEFAULT_TIMEOUT, prepend(berth.toString(), args)); }

  /** The {@code bin/berth} launcher. */
  public Path berthLauncher() { return berth; }

  /** The environment every command gets ({@code DOCKER_HOST}, {@code BERTH_HOST}, {@code DOCKER_CONFIG}, …). */
  public Map<String, String> environment() { return env; }

  /** {@code bin/berth args} on a new {@code rows}×{@code cols} pseudo-terminal (see {@link Pty}). */
  public Pty berthOnPty(int rows, int cols, String... args) { return Pty.start(this, rows, cols, berth, List.of(args)); }

  /** The docker CLI on a new pseudo-terminal. */
  public Pty dockerOnPty(int rows, int cols, String... args) { return Pty.start(this, rows, cols, DOCKER, List.of(args)); }

  /** Runs {@code sh -c script} with this daemon's environment ({@code $BERTH} is bin/berth), e.g. a pipe. */
  public Result shell(String script) {
    return run(DEFAULT_TIMEOUT, List.of("sh", "-c", "BERTH=" + Pty.quote(berth.toString()) + "; " + script));
  }

  public Result docker(String... args) { return run(DEFAULT_TIMEOUT, prepend(DOCKER.toString(), args)); }

  /** Starts {@code bin/berth args} without waiting (for {@code logs -f}, {@code wait}, …). */
  public Background startBerth(String... args) { return start(prepend(berth.toString(), args)); }

  public Background startDocker(String... args) { return start(prepend(DOCKER.toString(), args)); }

  /** Runs any command with this daemon's environment and waits at most {@code timeout}. */
  public Result run(Duration timeout, List<String> command) {
    try (var bg = start(command)) {
      return bg.await(timeout);
    }
  }

  public Background start(List<String> command) {
    try {
      Path out = Files.createTempFile(workDir, "cmd-", ".out");
      Path err = Files.createTempFile(workDir, "cmd-", ".err");
      var pb = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().putAll(env);
      return new Background(List.copyOf(command), pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** A running command; {@link #close()} kills it if it is still running and deletes its output files. */
  public static final class Background implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;

    Background(List<String> command, Process process, Path out, Path err) {
      this.command = command;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    public Process process() { return process; }

    public String stdoutSoFar() { return read(out); }

    public String stderrSoFar() { return read(err); }

    /** Waits until stdout satisfies {@code condition}; throws with the output so far on timeout. */
    public String awaitStdout(Predicate<String> condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String s = stdoutSoFar();
        if (condition.test(s)) return s;
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out after " + timeout + " waiting for output of " + String.join(" ", command)
              + "\n--- stdout\n" + s + "--- stderr\n" + stderrSoFar());
        }
        sleep(50);
      }
    }

    /** Waits for exit; on timeout kills the process and throws an AssertionError with its output. */
    public Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
              + "\n--- stdout\n" + stdoutSoFar() + "--- stderr\n" + stderrSoFar());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return new Result(command, process.exitValue(), stdoutSoFar(), stderrSoFar());
    }

    @Override public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try { process.waitFor(5, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
      }
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      } catch (IOException ignored) {
        // the work directory is deleted with the daemon anyway
      }
    }

    private static String read(Path p) {
      try { return new String(Files.readAllBytes(p), StandardCharsets.UTF_8); }
      catch (IOException e) { return ""; }
    }
  }

  static List<String> prepend(String first, String... rest) {
    var l = new ArrayList<String>(rest.length + 1);
    l.add(first);
    l.addAll(List.of(rest));
    return l;
  }

  static void sleep(long millis) {
    try { Thread.sleep(millis); }
    catch (InterruptedException e) { Thread.currentThread().interrupt(); throw new IllegalStateException("interrupted", e); }
  }
}
