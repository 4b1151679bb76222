package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.converge.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose restart}: restarts the services' containers. */
@Command(name = "restart", customSynopsis = "berth compose restart [OPTIONS] [SERVICE...]", description = "Restart service containers")
final class RestartCommand extends ComposeSubcommand {
  @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds") Integer timeout;
  @Option(names = "--no-deps", description = "Don't restart dependent services") boolean noDeps;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    new Lifecycle(engine(cli), progress(cli)).restart(project(cli), services, timeout(timeout));
    return ExitCodes.OK;
  }
}
