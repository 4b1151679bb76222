package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.converge.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth compose start}: starts the services' existing containers. */
@Command(name = "start", customSynopsis = "berth compose start [SERVICE...]", description = "Start services")
final class StartCommand extends ComposeSubcommand {
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    new Lifecycle(engine(cli), progress(cli)).start(project(cli), services);
    return ExitCodes.OK;
  }
}
