package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth restart}: stop (when running) and start each container. */
@Command(name = "restart", customSynopsis = "berth restart [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Restart one or more containers")
public final class RestartCommand extends BerthCommand {
  @Option(names = {"-t", "--timeout", "--time"}, description = "Seconds to wait before killing the container") Integer timeout;

  @Option(names = {"-s", "--signal"}, description = "Signal to send to the container") String signal;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    OptionalInt t = timeout == null ? OptionalInt.empty() : OptionalInt.of(timeout);
    return forEach(cli, containers, ref -> cli.client().restartContainer(ref, t, Optional.ofNullable(signal)));
  }
}
