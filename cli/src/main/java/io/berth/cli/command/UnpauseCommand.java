package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth unpause}: thaw paused containers. */
@Command(name = "unpause", customSynopsis = "berth unpause CONTAINER [CONTAINER...]",
    description = "Unpause all processes within one or more containers")
public final class UnpauseCommand extends BerthCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    return forEach(cli, containers, ref -> cli.client().unpauseContainer(ref));
  }
}
