package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.converge.ContainerSpec;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose build}: builds the services that have a {@code build} section. */
@Command(name = "build", customSynopsis = "berth compose build [OPTIONS] [SERVICE...]", description = "Build or rebuild services")
final class BuildCommand extends ComposeSubcommand {
  @Option(names = {"-q", "--quiet"}, description = "Don't print anything to STDOUT") boolean quiet;
  @Option(names = "--no-cache", description = "Do not use cache when building the image") boolean noCache;
  @Option(names = "--pull", description = "Always attempt to pull a newer version of the image") boolean pull;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    var engine = engine(cli);
    var progress = progress(cli);
    for (Service s : io.berth.compose.converge.Converger.select(p, services, false).values()) {
      if (s.build().isEmpty()) continue;
      String ref = ContainerSpec.image(p, s);
      if (!quiet) progress.event("", s.name(), "Building");
      engine.build(s.build().get(), ref, quiet ? l -> { } : progress::detail);
      if (!quiet) progress.event("", s.name(), "Built");
    }
    return ExitCodes.OK;
  }
}
