package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.TabWriter;
import io.berth.cli.format.Units;
import io.berth.client.EngineException;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose images}: the image of each of the project's containers. */
@Command(name = "images", customSynopsis = "berth compose images [OPTIONS] [SERVICE...]", description = "List images used by the created containers")
final class ImagesCommand extends ComposeSubcommand {
  @Option(names = {"-q", "--quiet"}, description = "Only display IDs") boolean quiet;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    var t = TabWriter.table().row("CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE");
    var seen = new java.util.HashSet<String>();
    for (ContainerSummary c : engine(cli).containers(p.name(), true).stream()
        .sorted(Comparator.comparing(Planner::name)).toList()) {
      if (!services.isEmpty() && !services.contains(c.labels().get(Labels.SERVICE))) continue;
      String id = c.imageId();
      if (quiet) {
        if (seen.add(id)) cli.out().println(id.replaceFirst("^sha256:", ""));
        continue;
      }
      String repo = c.image();
      String tag = "latest";
      int colon = repo.lastIndexOf(':');
      if (colon > repo.lastIndexOf('/')) {
        tag = repo.substring(colon + 1);
        repo = repo.substring(0, colon);
      }
      long size = 0;
      try {
        size = cli.client().inspectImage(id).size();
      } catch (EngineException e) {
        // the image went away: Compose shows the row with what it knows
      }
      t.row(Planner.name(c), repo, tag, Units.truncateId(id), Units.humanSize(size));
    }
    if (!quiet) cli.out().print(t.render());
    return ExitCodes.OK;
  }
}
