package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth pause}: freeze every process of each container. */
@Command(name = "pause", customSynopsis = "berth pause CONTAINER [CONTAINER...]",
    description = "Pause all processes within one or more containers")
public final class PauseCommand extends BerthCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    return forEach(cli, containers, ref -> cli.client().pauseContainer(ref));
  }
}
