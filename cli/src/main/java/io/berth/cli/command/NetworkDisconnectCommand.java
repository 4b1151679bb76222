package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network disconnect}: takes a container off a network ({@code -f}: even if the daemon's state disagrees). */
@Command(name = "disconnect", customSynopsis = "berth network disconnect [OPTIONS] NETWORK CONTAINER",
    description = "Disconnect a container from a network")
public final class NetworkDisconnectCommand extends BerthCommand {
  @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network") boolean force;

  @Parameters(paramLabel = "ARG", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("network", "disconnect", "[OPTIONS] NETWORK CONTAINER", args, 2, 2);
    cli.client().networks().disconnect(args.get(0), args.get(1), force);
    return ExitCodes.OK;
  }
}
