package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.term.Terminal;
import io.berth.client.AttachSession;
import io.berth.oci.DetachKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The docker CLI's hijacked-stream loop ({@code hijackedIOStreamer}): the container's output to our
 * stdout/stderr on the calling thread, our stdin to the container on a second thread.
 *
 * <p>With a TTY and stdin from a terminal, the terminal is put into raw mode for the duration (and
 * restored on every way out, also as soon as the output ends), so keys such as Ctrl-C reach the
 * container's terminal as bytes and act on its foreground process there. With a TTY the detach keys
 * are watched for here, before sending, as the docker CLI does: the sequence never leaves the
 * client, the connection is closed, and the daemon then ends the attach (a TTY attach ends with its
 * input) while the container keeps running. At the end of our stdin the connection is half-closed
 * and the output is read to its end.
 */
final class Streamer {
  /** How the stream ended. */
  enum Outcome { ENDED, DETACHED }

  private Streamer() {}

  /**
   * Streams until the output ends or the user detaches. {@code stdin}: whether our stdin is
   * attached; {@code detachKeys}: Docker's format (the default when empty or invalid).
   */
  static Outcome stream(Cli cli, AttachSession session, boolean tty, boolean stdin, Optional<String> detachKeys) {
    return stream(cli, session, tty, stdin, detachKeys, rawMode(cli, tty, stdin));
  }

  /**
   * Raw mode for a TTY attach whose stdin is our terminal (empty otherwise), to be set up before
   * the container starts so that no early key is echoed or turned into a signal here. The caller
   * restores it if it does not get to {@link #stream}.
   */
  static Optional<Terminal.Saved> rawMode(Cli cli, boolean tty, boolean stdin) {
    return tty && stdin && cli.stdinIsTerminal() ? Terminal.makeRaw(0) : Optional.empty();
  }

  /** As above, with the terminal already in {@code raw} mode; restores it on the way out. */
  static Outcome stream(Cli cli, AttachSession session, boolean tty, boolean stdin, Optional<String> detachKeys,
      Optional<Terminal.Saved> raw) {
    AtomicBoolean detached = new AtomicBoolean();
    try {
      if (stdin) {
        DetachKeys keys = tty ? keys(cli, detachKeys) : null;
        Thread.ofPlatform().daemon().name("berth-stdin").start(() -> pumpStdin(cli.in(), session, keys, detached, raw));
      }
      try {
        session.output(tty).copyTo(cli.out(), cli.err());
      } catch (IOException e) {
        // the connection was closed: by us on detach, or abruptly by the daemon
        if (cli.debug() && !detached.get()) cli.err().println("attach: " + e.getMessage());
      } finally {
        raw.ifPresent(Terminal.Saved::restore);
        cli.out().flush();
      }
      return detached.get() ? Outcome.DETACHED : Outcome.ENDED;
    } finally {
      raw.ifPresent(Terminal.Saved::restore);
      session.close();
    }
  }

  private static DetachKeys keys(Cli cli, Optional<String> spec) {
    if (spec.isEmpty() || spec.get().isEmpty()) return DetachKeys.DEFAULT;
    try {
      return DetachKeys.parse(spec.get());
    } catch (IllegalArgumentException e) {
      cli.err().println("WARNING: invalid detach escape keys, using default: " + e.getMessage());
      return DetachKeys.DEFAULT;
    }
  }

  private static void pumpStdin(InputStream in, AttachSession session, DetachKeys keys, AtomicBoolean detached,
      Optional<Terminal.Saved> raw) {
    DetachKeys.Scanner scanner = keys == null ? null : keys.scanner();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (n == 0) continue;
        byte[] pass = scanner == null ? Arrays.copyOf(buf, n) : scanner.filter(buf, 0, n);
        if (pass.length > 0) {
          session.stdin().write(pass);
          session.stdin().flush();
        }
        if (scanner != null && scanner.detached()) {
          detached.set(true);
          raw.ifPresent(Terminal.Saved::restore);
          session.close(); // ends the output copy; the daemon sees our input end and detaches
          return;
        }
      }
      if (scanner != null) {
        byte[] rest = scanner.flush();
        if (rest.length > 0) session.stdin().write(rest);
      }
      // half-close: the daemon sees EOF on the container's stdin and keeps sending output
      session.closeStdin();
    } catch (IOException e) {
      // the connection is gone: the output copy ends too
    }
  }
}
