package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Lifecycle;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose down}: stops and removes the project's containers and networks (volumes with {@code -v}). */
@Command(name = "down", customSynopsis = "berth compose down [OPTIONS] [SERVICES]", description = "Stop and remove containers, networks")
final class DownCommand extends ComposeSubcommand {
  @Option(names = {"-v", "--volumes"}, description = "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers") boolean volumes;
  @Option(names = "--rmi", paramLabel = "string", description = "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")") String rmi;
  @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file") boolean removeOrphans;
  @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds") Integer timeout;

  @Override protected int execute(Cli cli) {
    if (rmi != null && !rmi.equals("local") && !rmi.equals("all")) {
      throw new ComposeException("invalid value for --rmi: " + rmi);
    }
    new Lifecycle(engine(cli), progress(cli)).down(project(cli),
        new Lifecycle.DownOptions(removeOrphans, volumes, Optional.ofNullable(rmi), timeout(timeout)));
    return ExitCodes.OK;
  }
}
