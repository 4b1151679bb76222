package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth volume rm} (also {@code remove}): removes each volume in turn, printing its name;
 * the daemon's refusals are printed together at the end (docker 28 joins them) and the status is 1.
 * {@code -f} is the API's {@code force=1}: the daemon then ignores a volume that does not exist.
 */
@Command(name = "rm", customSynopsis = "berth volume rm [OPTIONS] VOLUME [VOLUME...]", description = "Remove one or more volumes")
public final class VolumeRmCommand extends BerthCommand {
  @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes") boolean force;

  @Parameters(paramLabel = "VOLUME") List<String> names = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("volume", "rm", "[OPTIONS] VOLUME [VOLUME...]", names, 1, Integer.MAX_VALUE);
    var volumes = cli.client().volumes();
    var errors = new ArrayList<String>();
    for (String name : names) {
      try {
        volumes.remove(name, force);
        cli.out().println(name);
      } catch (EngineException e) {
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
    return ExitCodes.OK;
  }
}
