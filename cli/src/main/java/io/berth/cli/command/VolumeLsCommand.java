package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.VolumeRows;
import io.berth.client.model.Volume;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume ls} (also {@code list}): docker's table (DRIVER, VOLUME NAME), sorted by name. */
@Command(name = "ls", customSynopsis = "berth volume ls [OPTIONS]", description = "List volumes")
public final class VolumeLsCommand extends BerthCommand {
  @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"dangling=true\")") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template:%n'table':            Print output in table format with column headers (default)%n"
      + "'table TEMPLATE':   Print output in table format using the given Go template%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  @Option(names = {"-q", "--quiet"}, description = "Only display volume names") boolean quiet;

  @Parameters(paramLabel = "ARG", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("volume", "ls", "[OPTIONS]", args, 0, 0);
    var f = GroupArgs.filters("volume", "ls", "[OPTIONS]", "-f, --filter", filters);
    cli.out().print(output(cli.client().volumes().list(f)));
    return ExitCodes.OK;
  }

  /** What ls prints for the daemon's answer. */
  String output(List<Volume> volumes) {
    return PsCommand.render(VolumeRows.format(format, quiet), VolumeRows.HEADERS, VolumeRows.rows(volumes));
  }
}
