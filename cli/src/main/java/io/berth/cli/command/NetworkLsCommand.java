package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.NetworkRows;
import io.berth.client.model.NetworkResource;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network ls} (also {@code list}): docker's table (NETWORK ID, NAME, DRIVER, SCOPE), sorted by name. */
@Command(name = "ls", customSynopsis = "berth network ls [OPTIONS]", description = "List networks")
public final class NetworkLsCommand extends BerthCommand {
  @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"driver=bridge\")") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template:%n'table':            Print output in table format with column headers (default)%n"
      + "'table TEMPLATE':   Print output in table format using the given Go template%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  @Option(names = "--no-trunc", description = "Do not truncate the output") boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only display network IDs") boolean quiet;

  @Parameters(paramLabel = "ARG", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("network", "ls", "[OPTIONS]", args, 0, 0);
    var f = GroupArgs.filters("network", "ls", "[OPTIONS]", "-f, --filter", filters);
    cli.out().print(output(cli.client().networks().list(f)));
    return ExitCodes.OK;
  }

  /** What ls prints for the daemon's answer. */
  String output(List<NetworkResource> networks) {
    return PsCommand.render(NetworkRows.format(format, quiet), NetworkRows.HEADERS, NetworkRows.rows(networks, !noTrunc));
  }
}
