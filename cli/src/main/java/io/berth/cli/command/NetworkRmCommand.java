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
 * {@code berth network rm} (also {@code remove}): removes each network in turn, printing its name;
 * each refusal is printed and the command ends with docker's "exit status 1". With {@code -f} a
 * network that does not exist is no error.
 */
@Command(name = "rm", customSynopsis = "berth network rm NETWORK [NETWORK...]", description = "Remove one or more networks")
public final class NetworkRmCommand extends BerthCommand {
  @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist") boolean force;

  @Parameters(paramLabel = "NETWORK") List<String> names = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("network", "rm", "NETWORK [NETWORK...]", names, 1, Integer.MAX_VALUE);
    var networks = cli.client().networks();
    boolean failed = false;
    for (String name : names) {
      try {
        networks.remove(name);
        cli.out().println(name);
      } catch (EngineException e) {
        if (force && e.isNotFound()) continue;
        cli.err().println("Error response from daemon: " + e.getMessage());
        failed = true;
      }
    }
    // docker returns a bare StatusError, which its main prints as "exit status 1"
    if (failed) throw new CommandFailure(ExitCodes.FAILURE, "exit status 1");
    return ExitCodes.OK;
  }
}
