package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.client.model.ContainerPruneReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system prune}: docker 28's order (stopped containers, unused networks, anonymous
 * volumes with {@code --volumes}, images, build cache), its WARNING list and confirmation, and one
 * "Total reclaimed space" line.
 */
@Command(name = "prune", customSynopsis = "berth system prune [OPTIONS]", description = "Remove unused data")
public final class SystemPruneCommand extends BerthCommand {
  @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones") boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Option(names = "--volumes", description = "Prune anonymous volumes") boolean volumes;

  @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<key>=<value>\")") List<String> filters = new ArrayList<>();

  @Override protected int execute(Cli cli) throws IOException {
    Map<String, List<String>> f = PsCommand.parseFilters("system prune [OPTIONS]", filters);
    if (volumes && f.containsKey("until")) {
      throw new CommandFailure(ExitCodes.FAILURE, "ERROR: The \"until\" filter is not supported with \"--volumes\"");
    }
    if (!force && !ImagePruneCommand.confirm(cli, confirmation(f))) {
      throw new CommandFailure(ExitCodes.OK, ""); // as docker: cancelled is not an error
    }
    long reclaimed = 0;
    ContainerPruneReport containers = cli.client().pruneContainers(f);
    if (!containers.containersDeleted().isEmpty()) {
      var sb = new StringBuilder("Deleted Containers:\n");
      for (String id : containers.containersDeleted()) sb.append(id).append('\n');
      cli.out().println(sb);
      reclaimed += containers.spaceReclaimed();
    }
    List<String> networks = cli.client().pruneNetworks(f);
    if (!networks.isEmpty()) {
      var sb = new StringBuilder("Deleted Networks:\n");
      for (String n : networks) sb.append(n).append('\n');
      cli.out().println(sb);
    }
    if (volumes) {
      // docker's volume pruner with the same filters: anonymous volumes only (no all=true)
      var report = cli.client().volumes().prune(f);
      if (!report.volumesDeleted().isEmpty()) {
        var sb = new StringBuilder("Deleted Volumes:\n");
        for (String n : report.volumesDeleted()) sb.append(n).append('\n');
        cli.out().println(sb);
        reclaimed += report.spaceReclaimed();
      }
    }
    ImagePruneCommand.Result images = ImagePruneCommand.run(cli, all, f);
    if (!images.output().isEmpty()) cli.out().println(images.output());
    reclaimed += images.reclaimed();
    ImagePruneCommand.Result cache = BuilderPruneCommand.run(cli, all, f);
    if (!cache.output().isEmpty()) cli.out().println(cache.output());
    reclaimed += cache.reclaimed();
    cli.out().println("Total reclaimed space: " + Units.humanSize4(reclaimed));
    return ExitCodes.OK;
  }

  /** docker's confirmation template: the warnings, then the filters (label, label!, until; sorted). */
  String confirmation(Map<String, List<String>> f) {
    var warnings = new ArrayList<>(List.of("all stopped containers", "all networks not used by at least one container"));
    if (volumes) warnings.add("all anonymous volumes not used by at least one container");
    warnings.add(all ? "all images without at least one container associated to them" : "all dangling images");
    warnings.add(all ? "all build cache" : "unused build cache");
    var sb = new StringBuilder("WARNING! This will remove:");
    for (String w : warnings) sb.append("\n  - ").append(w);
    sb.append('\n');
    var shown = new ArrayList<String>();
    for (String name : List.of("label", "label!", "until")) {
      for (String v : f.getOrDefault(name, List.of())) shown.add(name + "=" + v);
    }
    shown.sort(null);
    if (!shown.isEmpty()) {
      sb.append("\n  Items to be pruned will be filtered with:");
      for (String s : shown) sb.append("\n  - ").append(s);
      sb.append('\n');
    }
    sb.append("\nAre you sure you want to continue?");
    return sb.toString();
  }
}
