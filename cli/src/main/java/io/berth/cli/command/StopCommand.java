package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stop}: signal, wait the grace period, then kill. */
@Command(name = "stop", customSynopsis = "berth stop [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Stop one or more running containers")
public final class StopCommand extends BerthCommand {
  @Option(names = {"-t", "--timeout", "--time"}, description = "Seconds to wait before killing the container") Integer timeout;

  @Option(names = {"-s", "--signal"}, description = "Signal to send to the container") String signal;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    OptionalInt t = timeout == null ? OptionalInt.empty() : OptionalInt.of(timeout);
    return forEach(cli, containers, ref -> cli.client().stopContainer(ref, t, Optional.ofNullable(signal)));
  }
}
