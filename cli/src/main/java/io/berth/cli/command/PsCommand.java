package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.ContainerRows;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.Table;
import io.berth.client.ContainerListOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps}: docker's table, quiet and {@code --format} outputs. */
@Command(name = "ps", customSynopsis = "berth ps [OPTIONS]", description = "List containers")
public final class PsCommand extends BerthCommand {
  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs") boolean quiet;

  @Option(names = {"-n", "--last"}, defaultValue = "-1", description = "Show n last created containers (includes all states)") int last = -1;

  @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)") boolean latest;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;

  @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template ('table', 'table TEMPLATE' or a Go template)") String format;

  /** The list query this command line sends. */
  public ContainerListOptions listOptions() {
    int limit = latest && last == -1 ? 1 : last;
    return new ContainerListOptions(all, limit, size, parseFilters(filters));
  }

  static Map<String, List<String>> parseFilters(List<String> filters) {
    var m = new LinkedHashMap<String, List<String>>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("invalid argument \"" + f + "\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
      m.computeIfAbsent(f.substring(0, eq).strip().toLowerCase(), k -> new ArrayList<>()).add(f.substring(eq + 1).strip());
    }
    return m;
  }

  @Override protected int execute(Cli cli) {
    var containers = cli.client().listContainers(listOptions());
    String fmt = Table.template(quiet, format, ContainerRows.QUIET_FORMAT, ContainerRows.DEFAULT_FORMAT);
    var rows = ContainerRows.rows(containers, !noTrunc, cli.clock().instant());
    cli.out().print(Table.render(GoTemplate.parse(fmt), ContainerRows.HEADERS, rows));
    return ExitCodes.OK;
  }
}
