package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth load}: stream an image archive (docker save format or OCI layout tar) to the daemon. */
@Command(name = "load", customSynopsis = "berth load [OPTIONS]", description = "Load an image from a tar archive or STDIN")
public final class LoadCommand extends BerthCommand {
  @Option(names = {"-i", "--input"}, description = "Read from tar archive file, instead of STDIN") Path input;

  @Option(names = {"-q", "--quiet"}, description = "Suppress the load output") boolean quiet;

  @Override protected int execute(Cli cli) throws IOException {
    if (input == null && cli.stdinIsTerminal()) {
      throw new IllegalArgumentException("requested load from stdin, but stdin is empty");
    }
    try (InputStream in = input == null ? cli.in() : ImportCommand.open(input)) {
      cli.client().loadImages(in, quiet, m -> {
        if (!m.stream().isEmpty()) cli.out().print(m.stream());
        else if (!m.status().isEmpty() && !quiet) cli.out().println(m.status());
      });
    }
    return ExitCodes.OK;
  }
}
