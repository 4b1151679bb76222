package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.client.model.BuildCachePruneReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth builder prune}: docker 28's prompt, its "Deleted build cache objects:" list and the
 * "Total reclaimed space" line. docker's {@code --keep-storage} is left out: berthd does not honour
 * it, and pruning everything while the user asked to keep some would be worse than refusing the flag.
 */
@Command(name = "prune", customSynopsis = "berth builder prune", description = "Remove build cache")
public final class BuilderPruneCommand extends BerthCommand {
  static final String DANGLING_WARNING = "WARNING! This will remove all dangling build cache. Are you sure you want to continue?";
  static final String ALL_WARNING = "WARNING! This will remove all build cache. Are you sure you want to continue?";

  @Option(names = {"-a", "--all"}, description = "Remove all unused build cache, not just dangling ones") boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Option(names = "--filter", description = "Provide filter values (e.g. \"until=24h\")") List<String> filters = new ArrayList<>();

  @Override protected int execute(Cli cli) throws IOException {
    for (String v : filters) {
      if (!v.isEmpty() && v.indexOf('=') < 0) {
        // pflag's wording; this --filter has no shorthand, unlike ps's
        throw new CommandFailure(ExitCodes.RUN_FAILED, "invalid argument \"" + v + "\" for \"--filter\" flag: "
            + "bad format of filter (expected name=value)\n\nUsage:  berth builder prune\n\n"
            + "Run 'berth builder prune --help' for more information");
      }
    }
    var f = PsCommand.parseFilters("builder prune [OPTIONS]", filters);
    if (!force && !ImagePruneCommand.confirm(cli, all ? ALL_WARNING : DANGLING_WARNING)) {
      throw new CommandFailure(ExitCodes.OK, ""); // as image prune: a cancelled prune exits 0 without another word
    }
    ImagePruneCommand.Result r = run(cli, all, f);
    if (!r.output().isEmpty()) cli.out().println(r.output());
    cli.out().println("Total reclaimed space: " + Units.humanSize4(r.reclaimed()));
    return ExitCodes.OK;
  }

  /** docker's {@code builder.CachePrune} (also run by system prune): the list of what went, and the bytes freed. */
  static ImagePruneCommand.Result run(Cli cli, boolean all, Map<String, List<String>> filters) {
    BuildCachePruneReport report = cli.client().buildCachePrune(all, filters);
    if (report.cachesDeleted().isEmpty()) return new ImagePruneCommand.Result("", report.spaceReclaimed());
    var sb = new StringBuilder("Deleted build cache objects:\n");
    for (String id : report.cachesDeleted()) sb.append(id).append('\n');
    return new ImagePruneCommand.Result(sb.toString(), report.spaceReclaimed());
  }
}
