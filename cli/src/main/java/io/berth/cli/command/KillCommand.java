package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill}: send a signal (SIGKILL by default). */
@Command(name = "kill", customSynopsis = "berth kill [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Kill one or more running containers")
public final class KillCommand extends BerthCommand {
  @Option(names = {"-s", "--signal"}, description = "Signal to send to the container") String signal;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    return forEach(cli, containers, ref -> cli.client().killContainer(ref, Optional.ofNullable(signal)));
  }
}
