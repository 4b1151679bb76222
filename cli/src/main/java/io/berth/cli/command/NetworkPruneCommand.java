package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network prune}: docker's prompt, then the names of the networks removed. */
@Command(name = "prune", customSynopsis = "berth network prune [OPTIONS]", description = "Remove all unused networks")
public final class NetworkPruneCommand extends BerthCommand {
  static final String WARNING = "WARNING! This will remove all custom networks not used by at least one container.\n"
      + "Are you sure you want to continue?";

  @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")") List<String> filters = new ArrayList<>();

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Override protected int execute(Cli cli) throws IOException {
    var f = GroupArgs.filters("network", "prune", "[OPTIONS]", "--filter", filters);
    if (!force && !confirm(cli)) {
      // docker: a cancelled prune exits 0 without another word
      throw new CommandFailure(ExitCodes.OK, "");
    }
    List<String> deleted = cli.client().networks().prune(f);
    if (deleted.isEmpty()) return ExitCodes.OK;
    var out = new StringBuilder("Deleted Networks:\n");
    for (String name : deleted) out.append(name).append('\n');
    cli.out().print(out.append('\n'));
    return ExitCodes.OK;
  }

  /** docker's {@code prompt.Confirm}: "y" or "Y" on the first line; anything else, or EOF, is no. */
  private static boolean confirm(Cli cli) throws IOException {
    cli.out().print(WARNING + " [y/N] ");
    cli.out().flush();
    String line = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
    return line != null && line.strip().equalsIgnoreCase("y");
  }
}
