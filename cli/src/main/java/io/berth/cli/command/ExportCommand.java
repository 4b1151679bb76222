package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth export}: a container's file system as a tar archive, to a file or (never a terminal) stdout. */
@Command(name = "export", customSynopsis = "berth export [OPTIONS] CONTAINER",
    description = "Export a container's filesystem as a tar archive")
public final class ExportCommand extends BerthCommand {
  @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT") Path output;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Override protected int execute(Cli cli) throws IOException {
    TarOutput.write(cli, output, ".berth-export-", () -> cli.client().exportContainer(container));
    return ExitCodes.OK;
  }
}
