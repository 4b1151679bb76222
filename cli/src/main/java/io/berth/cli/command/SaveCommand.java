package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth save}: write images as a tar archive to a file or (never a terminal) stdout. */
@Command(name = "save", customSynopsis = "berth save [OPTIONS] IMAGE [IMAGE...]",
    description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
public final class SaveCommand extends BerthCommand {
  @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT") Path output;

  @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

  @Override protected int execute(Cli cli) throws IOException {
    TarOutput.write(cli, output, ".berth-save-", () -> cli.client().saveImages(images));
    return ExitCodes.OK;
  }
}
