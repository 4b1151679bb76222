package io.berth.cli.build;

import io.berth.cli.format.Units;
import io.berth.client.model.BuildMessage;
import java.io.PrintStream;

/**
 * The docker CLI's output for the legacy builder when stdout is not a terminal: its last upload
 * progress line ({@code Sending build context to Docker daemon  2.048kB}, ending in
 * {@code \r\r\n} as docker's raw progress formatter writes it), then each {@code stream} text as is,
 * status lines as {@code jsonmessage.Display} prints them without a terminal (lines with a byte count
 * are left out), and an error's message on stderr.
 */
public final class PlainRenderer implements BuildRenderer {
  private final PrintStream out;
  private final PrintStream err;

  public PlainRenderer(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override public synchronized void contextSent(long bytes) {
    out.print(sendingLine(bytes) + "\r\r\n");
    out.flush();
  }

  /** {@code Sending build context to Docker daemon  2.048kB}: go-units' size padded to 8 ({@code %8v}). */
  static String sendingLine(long bytes) {
    return "Sending build context to Docker daemon " + String.format("%8s", Units.humanSize4(bytes));
  }

  @Override public synchronized void accept(BuildMessage message) {
    switch (message) {
      case BuildMessage.Stream s -> out.print(s.text());
      case BuildMessage.Status s -> {
        if (s.current() > 0 || s.total() > 0) return; // a progress bar: not without a terminal
        StringBuilder sb = new StringBuilder();
        if (!s.id().isEmpty()) sb.append(s.id()).append(": ");
        if (!s.progress().isEmpty()) sb.append(s.status()).append(' ').append(s.progress());
        else sb.append(s.status()).append('\n');
        out.print(sb);
      }
      case BuildMessage.Aux a -> { }
      case BuildMessage.Other o -> { }
      case BuildMessage.Error e -> failed(e.message());
    }
    out.flush();
  }

  @Override public synchronized void failed(String message) {
    out.flush();
    err.println(message);
  }

  @Override public synchronized void finished() {
    out.flush();
  }
}
