package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.ComposeException;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose pull}: pulls the images of the services that name one. */
@Command(name = "pull", customSynopsis = "berth compose pull [OPTIONS] [SERVICE...]", description = "Pull service images")
final class PullCommand extends ComposeSubcommand {
  @Option(names = {"-q", "--quiet"}, description = "Pull without printing progress information") boolean quiet;
  @Option(names = "--ignore-pull-failures", description = "Pull what it can and ignores images with pull failures") boolean ignoreFailures;
  @Option(names = "--ignore-buildable", description = "Ignore images that can be built") boolean ignoreBuildable;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    var engine = engine(cli);
    var progress = progress(cli);
    for (Service s : io.berth.compose.converge.Converger.select(p, services, false).values()) {
      if (s.image().isEmpty() || ignoreBuildable && s.build().isPresent() || s.pullPolicy().equals("build")) continue;
      if (!quiet) progress.event("", s.name(), "Pulling");
      try {
        engine.pull(s.image().get(), quiet ? l -> { } : progress::detail);
      } catch (RuntimeException e) {
        if (s.build().isPresent()) {
          progress.warn(s.name() + " Warning pull access denied for " + s.image().get() + ", will try to build");
          continue;
        }
        if (!ignoreFailures) throw e instanceof ComposeException ce ? ce : new ComposeException(e.getMessage());
        progress.event("", s.name(), "Error " + e.getMessage());
        continue;
      }
      if (!quiet) progress.event("", s.name(), "Pulled");
    }
    return ExitCodes.OK;
  }
}
