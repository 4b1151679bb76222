package io.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A command on a real pseudo-terminal, for testing what a user at a terminal sees ({@code run -it},
 * {@code attach}): util-linux {@code script -qfec "stty rows R cols C; exec CMD" /dev/null} allocates
 * the pty, runs the command on it, copies what the test {@link #send}s to the pty (as typed keys)
 * and the pty's output to this object; its exit code is the command's ({@code -e}).
 *
 * <p>Keys reach the command exactly as typed: Ctrl-C is {@code "\u0003"} and, in a terminal still
 * in cooked mode, would become SIGINT for the command itself; a command that put the terminal into
 * raw mode receives it as a byte. Don't close stdin early: {@code script} sends end-of-file to the
 * command when its own input ends.
 *
 * <p>Thread-safe. {@link #close} kills {@code script} (and so the command) if it still runs.
 */
public final class Pty implements AutoCloseable {
  private final List<String> command;
  private final Process process;
  private final OutputStream keys;
  private final StringBuilder output = new StringBuilder();
  private final Thread reader;

  private Pty(List<String> command, Process process) {
    this.command = command;
    this.process = process;
    this.keys = process.getOutputStream();
    InputStream out = process.getInputStream();
    this.reader = Thread.ofVirtual().name("pty-output").start(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = out.read(buf)) >= 0; ) {
          synchronized (output) {
            output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            output.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    });
  }

  /** Starts {@code command} on a new {@code rows}×{@code cols} terminal, with {@code env} added. */
  public static Pty start(Map<String, String> env, int rows, int cols, List<String> command) {
    String inner = "stty rows " + rows + " cols " + cols + "; exec "
        + command.stream().map(Pty::quote).collect(Collectors.joining(" "));
    var pb = new ProcessBuilder("script", "-qfec", inner, "/dev/null").redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      return new Pty(command, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start script (util-linux) for " + command, e);
    }
  }

  /** Types {@code keys}. */
  public Pty send(String text) {
    try {
      keys.write(text.getBytes(StandardCharsets.UTF_8));
      keys.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot type into " + command, e);
    }
    return this;
  }

  /** Everything the terminal showed so far (with the pty's CR LF line ends). */
  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** Waits until the output satisfies {@code condition}; returns it. Fails with the output on timeout. */
  public String await(Predicate<String> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (output) {
      while (!condition.test(output.toString())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what + " from " + command
            + "\n--- terminal so far\n" + output);
        try {
          output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      return output.toString();
    }
  }

  /** Waits until the output, after {@code from} characters, contains {@code text}. */
  public String awaitText(String text, int from, Duration timeout) {
    return await(s -> s.length() > from && s.indexOf(text, from) >= 0, timeout, "'" + text + "'");
  }

  /** Waits for the command's exit; returns its status. Fails with the output on timeout. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + command + " to exit"
            + "\n--- terminal so far\n" + output());
      }
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return process.exitValue();
  }

  public boolean isAlive() { return process.isAlive(); }

  /**
   * Changes the terminal's size, as a user resizing the window: TIOCSWINSZ on the pty (through
   * {@code stty -F}), which sends SIGWINCH to the command in the foreground.
   */
  public void resize(int rows, int cols) {
    String pts = process.descendants().map(p -> {
      try {
        return java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "fd", "0")).toString();
      } catch (IOException | RuntimeException gone) {
        return "";
      }
    }).filter(t -> t.startsWith("/dev/pts/")).findFirst()
        .orElseThrow(() -> new AssertionError("no process of " + command + " has a pty on stdin"));
    try {
      Process stty = new ProcessBuilder("stty", "-F", pts, "rows", Integer.toString(rows), "cols", Integer.toString(cols))
          .redirectErrorStream(true).start();
      String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!stty.waitFor(10, TimeUnit.SECONDS) || stty.exitValue() != 0) throw new AssertionError("stty -F " + pts + " failed: " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** POSIX shell single quotes. */
  static String quote(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+".indexOf(c) >= 0)) return s;
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The launcher path and environment a {@link Cli} uses, for commands on a pty. */
  static Pty start(Cli cli, int rows, int cols, Path program, List<String> args) {
    var cmd = new java.util.ArrayList<String>(args.size() + 1);
    cmd.add(program.toString());
    cmd.addAll(args);
    return start(cli.environment(), rows, cols, cmd);
  }
}
