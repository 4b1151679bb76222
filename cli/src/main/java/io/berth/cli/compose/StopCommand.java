package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.converge.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose stop}: stops the services' running containers, dependents first. */
@Command(name = "stop", customSynopsis = "berth compose stop [OPTIONS] [SERVICE...]", description = "Stop services")
final class StopCommand extends ComposeSubcommand {
  @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds") Integer timeout;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    new Lifecycle(engine(cli), progress(cli)).stop(project(cli), services, timeout(timeout));
    return ExitCodes.OK;
  }
}
