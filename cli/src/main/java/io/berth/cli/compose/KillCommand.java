package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose kill}: sends a signal to the services' running containers. */
@Command(name = "kill", customSynopsis = "berth compose kill [OPTIONS] [SERVICE...]", description = "Force stop service containers")
final class KillCommand extends ComposeSubcommand {
  @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "SIGNAL to send to the container") String signal = "SIGKILL";
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    var engine = engine(cli);
    var progress = progress(cli);
    for (ContainerSummary c : engine.containers(p.name(), false)) {
      if (!services.isEmpty() && !services.contains(c.labels().get(Labels.SERVICE))) continue;
      progress.event("Container", Planner.name(c), "Killing");
      engine.kill(c.id(), Optional.of(signal));
      progress.event("Container", Planner.name(c), "Killed");
    }
    return ExitCodes.OK;
  }
}
