package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.converge.Converger;
import io.berth.compose.converge.Planner;
import io.berth.compose.converge.UpOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose create}: {@code up --no-start}. */
@Command(name = "create", customSynopsis = "berth compose create [OPTIONS] [SERVICE...]", description = "Creates containers for a service")
final class CreateCommand extends ComposeSubcommand {
  @Option(names = "--build", description = "Build images before starting containers") boolean build;
  @Option(names = "--no-build", description = "Don't build an image, even if it's policy") boolean noBuild;
  @Option(names = "--force-recreate", description = "Recreate containers even if their configuration and image haven't changed") boolean forceRecreate;
  @Option(names = "--no-recreate", description = "If containers already exist, don't recreate them") boolean noRecreate;
  @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file") boolean removeOrphans;
  @Option(names = "--pull", paramLabel = "string", description = "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")") String pull;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    new Converger(engine(cli), progress(cli)).up(project(cli), new UpOptions(services, build, noBuild,
        forceRecreate ? Planner.Recreate.FORCE : noRecreate ? Planner.Recreate.NEVER : Planner.Recreate.DIVERGED, false,
        removeOrphans, Map.of(), false, false, OptionalInt.empty(), pull == null ? "" : pull));
    return ExitCodes.OK;
  }
}
