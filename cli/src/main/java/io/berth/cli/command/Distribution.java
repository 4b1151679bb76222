package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.progress.JsonMessageDisplay;
import io.berth.cli.progress.StreamError;
import io.berth.client.ProgressStream;
import io.berth.client.model.JsonMessage;
import io.berth.oci.ImageReference;
import io.berth.oci.errors.BerthException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Consumer;

/** What pull, push and the pull of run/create share: reference parsing and the progress display. */
final class Distribution {
  private Distribution() {}

  /** docker's {@code ParseNormalizedNamed}; a bad reference is docker's message and status 1. */
  static ImageReference reference(String s) {
    try {
      return ImageReference.parse(s);
    } catch (BerthException e) {
      throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
    }
  }

  /**
   * Shows {@code stream} as docker does on standard output ({@code toStderr} false: pull, push) or
   * standard error (the pull of run/create), or nowhere when {@code quiet}. An error in the stream
   * ends it with {@link StreamError}.
   */
  static void display(Cli cli, ProgressStream stream, boolean toStderr, boolean quiet, Consumer<JsonMessage> aux) {
    try (stream) {
      JsonMessageDisplay display;
      if (quiet) {
        display = new JsonMessageDisplay(new PrintStream(OutputStream.nullOutputStream()), false, () -> 200, cli.clock());
      } else {
        int fd = toStderr ? 2 : 1;
        boolean terminal = toStderr ? cli.stderrIsTerminal() : cli.stdoutIsTerminal();
        display = new JsonMessageDisplay(toStderr ? cli.err() : cli.out(), terminal, () -> cli.terminalWidth(fd), cli.clock());
      }
      display.display(stream, aux);
    }
  }

  /** As {@link #display}, with a stream error as the docker CLI reports it: the message alone, status 1. */
  static void displayOrFail(Cli cli, ProgressStream stream, boolean quiet) {
    try {
      display(cli, stream, false, quiet, m -> {});
    } catch (StreamError e) {
      throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
    }
  }
}
