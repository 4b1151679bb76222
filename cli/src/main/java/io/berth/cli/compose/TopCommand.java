package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.TabWriter;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.TopResponse;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth compose top}: the processes of each running container, under its name. */
@Command(name = "top", customSynopsis = "berth compose top [SERVICES...]", description = "Display the running processes")
final class TopCommand extends ComposeSubcommand {
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    for (ContainerSummary c : engine(cli).containers(p.name(), false).stream()
        .sorted(Comparator.comparing(Planner::name)).toList()) {
      if (!services.isEmpty() && !services.contains(c.labels().get(Labels.SERVICE))) continue;
      TopResponse top = cli.client().topContainer(c.id(), List.of());
      cli.out().println(Planner.name(c));
      var t = TabWriter.table().row(top.titles().toArray(String[]::new));
      for (List<String> row : top.processes()) t.row(row.toArray(String[]::new));
      cli.out().print(t.render());
      cli.out().println();
    }
    return ExitCodes.OK;
  }
}
