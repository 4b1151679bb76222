package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rename}: docker prints the daemon's error, then its own line. */
@Command(name = "rename", customSynopsis = "berth rename CONTAINER NEW_NAME", description = "Rename a container")
public final class RenameCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1", paramLabel = "NEW_NAME") String newName;

  @Override protected int execute(Cli cli) {
    String oldName = container.strip();
    String name = newName.strip();
    if (oldName.isEmpty() || name.isEmpty()) {
      throw new CommandFailure(ExitCodes.FAILURE, "Error: Neither old nor new names may be empty");
    }
    try {
      cli.client().renameContainer(oldName, name);
    } catch (EngineException e) {
      cli.err().println("Error response from daemon: " + e.getMessage());
      throw new CommandFailure(ExitCodes.FAILURE, "Error: failed to rename container named " + oldName);
    }
    return ExitCodes.OK;
  }
}
