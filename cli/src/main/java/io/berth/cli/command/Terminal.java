package io.berth.cli.command;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The user's terminal for {@code exec -t}/{@code run -t}: its size and raw mode, through
 * {@code stty} on {@code /dev/tty} (the JDK has no termios; a CLI started in a loop must not load
 * more than it needs). Raw mode passes every key (Ctrl-C, Ctrl-P Ctrl-Q) to the container, as the
 * docker CLI's {@code term.SetRawTerminal} does; {@link #restore()} puts the saved settings back.
 */
final class Terminal {
  private final String saved;

  private Terminal(String saved) {
    this.saved = saved;
  }

  /** Rows and columns of the controlling terminal, if there is one. */
  static Optional<int[]> size() {
    return stty("size").flatMap(s -> {
      String[] parts = s.strip().split("\\s+");
      if (parts.length != 2) return Optional.empty();
      try {
        int rows = Integer.parseInt(parts[0]);
        int cols = Integer.parseInt(parts[1]);
        return rows > 0 && cols > 0 ? Optional.of(new int[] {rows, cols}) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** Switches the controlling terminal to raw mode without echo; empty when that is not possible. */
  static Optional<Terminal> makeRaw() {
    Optional<String> saved = stty("-g").map(String::strip).filter(s -> !s.isEmpty());
    if (saved.isEmpty() || stty("raw", "-echo").isEmpty()) return Optional.empty();
    return Optional.of(new Terminal(saved.get()));
  }

  void restore() {
    stty(saved);
  }

  private static Optional<String> stty(String... args) {
    File tty = new File("/dev/tty");
    if (!tty.canRead()) return Optional.empty();
    String[] cmd = new String[args.length + 1];
    cmd[0] = "stty";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
