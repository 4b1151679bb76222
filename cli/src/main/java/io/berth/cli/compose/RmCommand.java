package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.converge.Lifecycle;
import io.berth.compose.converge.Planner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose rm}: removes stopped service containers, asking first unless {@code -f}. */
@Command(name = "rm", customSynopsis = "berth compose rm [OPTIONS] [SERVICE...]", description = "Removes stopped service containers")
final class RmCommand extends ComposeSubcommand {
  @Option(names = {"-f", "--force"}, description = "Don't ask to confirm removal") boolean force;
  @Option(names = {"-s", "--stop"}, description = "Stop the containers, if required, before removing") boolean stop;
  @Option(names = {"-v", "--volumes"}, description = "Remove any anonymous volumes attached to containers") boolean volumes;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) throws Exception {
    var lifecycle = new Lifecycle(engine(cli), progress(cli));
    List<ContainerSummary> list = lifecycle.removable(project(cli), services, stop);
    if (list.isEmpty()) {
      cli.err().println("No stopped containers");
      return ExitCodes.OK;
    }
    if (!force) {
      cli.err().println("Going to remove " + String.join(", ", list.stream().map(Planner::name).toList()));
      cli.err().print("? Are you sure? (y/N) ");
      cli.err().flush();
      String answer = new BufferedReader(new InputStreamReader(cli.in())).readLine();
      if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) return ExitCodes.OK;
    }
    lifecycle.rm(list, stop, volumes, java.util.OptionalInt.empty());
    return ExitCodes.OK;
  }
}
