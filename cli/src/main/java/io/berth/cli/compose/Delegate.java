package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.Main;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.util.List;
import java.util.Optional;

/** Helpers shared by the commands that act on one container of a service ({@code exec}, {@code port}, {@code run}). */
final class Delegate {
  private Delegate() {}

  /** Runs a plain {@code berth} command in this process (its attach and TTY handling are the docker CLI's). */
  static int berth(Cli cli, List<String> args) {
    return Main.commandLine(cli, Optional.of(args.getFirst())).execute(args.toArray(String[]::new));
  }

  /** The container {@code index} of {@code service} (running ones only unless {@code all}); Compose's errors. */
  static ContainerSummary container(Cli cli, CliEngine engine, Project p, String service, int index, boolean all) {
    if (!p.services().containsKey(service)) throw new ComposeException("no such service: " + service);
    return engine.containers(p.name(), all).stream()
        .filter(c -> service.equals(c.labels().get(Labels.SERVICE)))
        .filter(c -> !"True".equals(c.labels().get(Labels.ONEOFF)))
        .filter(c -> Planner.number(c) == index).findFirst()
        .orElseThrow(() -> new ComposeException(index == 1
            ? "service \"" + service + "\" is not running"
            : "service \"" + service + "\" is not running container #" + index));
  }
}
