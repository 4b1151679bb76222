package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import io.berth.client.model.ImageDeleteResponseItem;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi}: prints "Untagged:" and "Deleted:" lines as docker does. */
@Command(name = "rmi", customSynopsis = "berth rmi [OPTIONS] IMAGE [IMAGE...]", description = "Remove one or more images")
public final class RmiCommand extends BerthCommand {
  @Option(names = {"-f", "--force"}, description = "Force removal of the image") boolean force;

  @Option(names = "--no-prune", description = "Do not delete untagged parents") boolean noPrune;

  @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

  @Override protected int execute(Cli cli) {
    boolean failed = false;
    for (String image : images) {
      try {
        for (ImageDeleteResponseItem item : cli.client().removeImage(image, force, noPrune)) {
          if (!item.untagged().isEmpty()) cli.out().println("Untagged: " + item.untagged());
          if (!item.deleted().isEmpty()) cli.out().println("Deleted: " + item.deleted());
        }
      } catch (EngineException e) {
        cli.err().println("Error response from daemon: " + e.getMessage());
        failed = true;
      }
    }
    if (failed) throw new CommandFailure(ExitCodes.FAILURE, "");
    return ExitCodes.OK;
  }
}
