package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.LogsOptions;
import io.berth.client.StdStreamDemux;
import io.berth.client.model.ContainerInspect;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs}: inspect (for the ID and TTY mode), then stream the log demultiplexed. */
@Command(name = "logs", customSynopsis = "berth logs [OPTIONS] CONTAINER", description = "Fetch the logs of a container")
public final class LogsCommand extends BerthCommand {
  @Option(names = {"-f", "--follow"}, description = "Follow log output") boolean follow;

  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps") boolean timestamps;

  @Option(names = {"-n", "--tail"}, defaultValue = "all", description = "Number of lines to show from the end of the logs") String tail = "all";

  @Option(names = "--since", description = "Show logs since timestamp or relative (e.g. 42m)") String since;

  @Option(names = "--until", description = "Show logs before a timestamp or relative (e.g. 42m)") String until;

  @Option(names = "--details", description = "Show extra details provided to logs") boolean details;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  /** The logs query this command line sends at {@code now}. */
  public LogsOptions logsOptions(Instant now) {
    return new LogsOptions(follow, true, true, timestamps, tail,
        Optional.ofNullable(since).map(s -> TimeArgs.timestamp(s, now)),
        Optional.ofNullable(until).map(u -> TimeArgs.timestamp(u, now)));
  }

  @Override protected int execute(Cli cli) throws IOException {
    ContainerInspect c = cli.client().inspectContainer(container);
    try (StdStreamDemux demux = cli.client().logs(c.id(), logsOptions(cli.clock().instant()), c.config().tty())) {
      demux.copyTo(cli.out(), cli.err());
    }
    return ExitCodes.OK;
  }
}
