package io.berth.cli.command;

import java.io.PrintStream;

/** docker's {@code tui.PrintNote}: an "Info ->" header (coloured on a terminal), continuation lines indented under it. */
final class Notes {
  private static final String PLAIN = " Info -> ";
  private static final String RESET = "\u001b[0m";
  // aec.Bold(aec.LightCyanB(aec.BlackF("i")) + " " + aec.LightCyanF("Info → ")), as docker composes it
  private static final String FANCY = "\u001b[1m" + "\u001b[106m" + "\u001b[30m" + "i" + RESET + RESET + " "
      + "\u001b[96m" + "Info → " + RESET + RESET;
  private static final int WIDTH = 9;

  private Notes() {}

  static void print(PrintStream out, boolean terminal, String text) {
    out.print("\n" + (terminal ? FANCY : PLAIN));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) out.print(" ".repeat(WIDTH));
      out.print((terminal ? "\u001b[3m" + lines[i] + RESET : lines[i]) + "\n");
    }
  }
}
