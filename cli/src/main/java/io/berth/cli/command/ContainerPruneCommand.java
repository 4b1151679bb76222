package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.client.model.ContainerPruneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune}: docker's prompt, wording and output. */
@Command(name = "prune", customSynopsis = "berth container prune [OPTIONS]", description = "Remove all stopped containers")
public final class ContainerPruneCommand extends BerthCommand {
  static final String WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")") List<String> filters = new ArrayList<>();

  @Override protected int execute(Cli cli) throws IOException {
    var f = PsCommand.parseFilters("container prune [OPTIONS]", filters);
    if (!force && !confirm(cli)) {
      // docker: a cancelled prune exits 0 without another word
      throw new CommandFailure(ExitCodes.OK, "");
    }
    ContainerPruneReport report = cli.client().pruneContainers(f);
    var out = new StringBuilder();
    long reclaimed = 0;
    if (!report.containersDeleted().isEmpty()) {
      out.append("Deleted Containers:\n");
      for (String id : report.containersDeleted()) out.append(id).append('\n');
      out.append('\n');
      reclaimed = report.spaceReclaimed();
    }
    out.append("Total reclaimed space: ").append(Units.humanSize4(reclaimed)).append('\n');
    cli.out().print(out);
    return ExitCodes.OK;
  }

  /** docker's {@code prompt.Confirm}: "y" or "Y" on the first line; anything else, or EOF, is no. */
  static boolean confirm(Cli cli) throws IOException {
    cli.out().print(WARNING + " [y/N] ");
    cli.out().flush();
    var in = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null) return false;
    String answer = line.strip();
    return answer.equalsIgnoreCase("y");
  }
}
