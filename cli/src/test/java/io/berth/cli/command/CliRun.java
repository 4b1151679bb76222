package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** Runs {@code berth -H <fake daemon> args...} in-process with captured output, for command tests. */
final class CliRun {
  private CliRun() {}

  /** What a run printed and its exit status. */
  record Run(int exit, String out, String err) {}

  static Run run(String host, Clock clock, String stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = host;
    System.arraycopy(args, 0, all, 2, args.length);
    int exit;
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), clock)) {
      exit = Main.run(cli, all);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
