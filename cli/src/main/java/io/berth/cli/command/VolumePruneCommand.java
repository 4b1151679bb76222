package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.client.model.VolumePruneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth volume prune}: docker's prompt (anonymous volumes only, or all unused ones with
 * {@code -a}), the names removed, and always the "Total reclaimed space" line.
 */
@Command(name = "prune", customSynopsis = "berth volume prune [OPTIONS]", description = "Remove unused local volumes")
public final class VolumePruneCommand extends BerthCommand {
  static final String WARNING = "WARNING! This will remove anonymous local volumes not used by at least one container.\n"
      + "Are you sure you want to continue?";
  static final String ALL_WARNING = "WARNING! This will remove all local volumes not used by at least one container.\n"
      + "Are you sure you want to continue?";

  @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones") boolean all;

  @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<label>\")") List<String> filters = new ArrayList<>();

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Parameters(paramLabel = "ARG", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) throws IOException {
    GroupArgs.check("volume", "prune", "[OPTIONS]", args, 0, 0);
    var f = GroupArgs.filters("volume", "prune", "[OPTIONS]", "--filter", filters);
    String warning = WARNING;
    if (all) {
      if (f.containsKey("all")) {
        throw new CommandFailure(ExitCodes.FAILURE, "conflicting options: cannot specify both --all and --filter all=1");
      }
      f.put("all", List.of("true"));
      warning = ALL_WARNING;
    }
    if (!force && !confirm(cli, warning)) {
      // docker: a cancelled prune exits 0 without another word
      throw new CommandFailure(ExitCodes.OK, "");
    }
    VolumePruneReport report = cli.client().volumes().prune(f);
    var out = new StringBuilder();
    long reclaimed = 0;
    if (!report.volumesDeleted().isEmpty()) {
      out.append("Deleted Volumes:\n");
      for (String name : report.volumesDeleted()) out.append(name).append('\n');
      out.append('\n');
      reclaimed = report.spaceReclaimed();
    }
    out.append("Total reclaimed space: ").append(Units.humanSize4(reclaimed)).append('\n');
    cli.out().print(out);
    return ExitCodes.OK;
  }

  /** docker's {@code prompt.Confirm}: "y" or "Y" on the first line; anything else, or EOF, is no. */
  private static boolean confirm(Cli cli, String warning) throws IOException {
    cli.out().print(warning + " [y/N] ");
    cli.out().flush();
    String line = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
    return line != null && line.strip().equalsIgnoreCase("y");
  }
}
