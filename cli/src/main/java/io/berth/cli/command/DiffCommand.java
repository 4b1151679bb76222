package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.model.ContainerChange;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth diff CONTAINER}: one {@code KIND PATH} line per change (A added, C changed, D deleted), in the daemon's order. */
@Command(name = "diff", customSynopsis = "berth diff CONTAINER",
    description = "Inspect changes to files or directories on a container's filesystem")
public final class DiffCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Override protected int execute(Cli cli) {
    cli.out().print(render(cli.client().changes(container)));
    return ExitCodes.OK;
  }

  /** docker's diff format: {@code {{.Type}} {{.Path}}}. */
  static String render(List<ContainerChange> changes) {
    StringBuilder sb = new StringBuilder();
    for (ContainerChange c : changes) sb.append(c.letter()).append(' ').append(c.path()).append('\n');
    return sb.toString();
  }
}
