package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.ComposeException;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose push}: pushes the images of the services that name one. */
@Command(name = "push", customSynopsis = "berth compose push [OPTIONS] [SERVICE...]", description = "Push service images")
final class PushCommand extends ComposeSubcommand {
  @Option(names = "--ignore-push-failures", description = "Push what it can and ignores images with push failures") boolean ignoreFailures;
  @Option(names = {"-q", "--quiet"}, description = "Push without printing progress information") boolean quiet;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    var progress = progress(cli);
    for (Service s : io.berth.compose.converge.Converger.select(p, services, false).values()) {
      if (s.image().isEmpty()) continue;
      String ref = s.image().get();
      int colon = ref.lastIndexOf(':');
      boolean hasTag = colon > ref.lastIndexOf('/');
      if (!quiet) progress.event("", s.name(), "Pushing");
      try (var stream = cli.client().push(hasTag ? ref.substring(0, colon) : ref,
          hasTag ? Optional.of(ref.substring(colon + 1)) : Optional.of("latest"), registryAuth(cli, ref))) {
        while (stream.hasNext()) {
          var m = stream.next();
          if (m.error().isPresent()) throw new ComposeException(m.error().get().message());
        }
      } catch (RuntimeException e) {
        if (!ignoreFailures) throw e instanceof ComposeException ce ? ce : new ComposeException(e.getMessage());
        continue;
      }
      if (!quiet) progress.event("", s.name(), "Pushed");
    }
    return ExitCodes.OK;
  }

  private static String registryAuth(Cli cli, String ref) {
    return cli.credentials().headerFor(io.berth.oci.ImageReference.parse(ref).domain());
  }
}
