package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.LogsOptions;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose logs}: every service container's output, prefixed and coloured as Compose. */
@Command(name = "logs", customSynopsis = "berth compose logs [OPTIONS] [SERVICE...]", description = "View output from containers")
final class LogsCommand extends ComposeSubcommand {
  @Option(names = {"-f", "--follow"}, description = "Follow log output") boolean follow;
  @Option(names = {"-n", "--tail"}, paramLabel = "string", description = "Number of lines to show from the end of the logs for each container") String tail = "all";
  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps") boolean timestamps;
  @Option(names = "--no-color", description = "Produce monochrome output") boolean noColor;
  @Option(names = "--no-log-prefix", description = "Don't print prefix in logs") boolean noLogPrefix;
  @Option(names = "--since", paramLabel = "string", description = "Show logs since timestamp") String since;
  @Option(names = "--until", paramLabel = "string", description = "Show logs before a timestamp") String until;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) throws Exception {
    Project p = project(cli);
    for (String s : services) if (!p.services().containsKey(s)) throw new ComposeException("no such service: " + s);
    List<ContainerSummary> list = engine(cli).containers(p.name(), true).stream()
        .filter(c -> services.isEmpty() || services.contains(c.labels().get(Labels.SERVICE)))
        .filter(c -> !"True".equals(c.labels().get(Labels.ONEOFF)))
        .sorted(Comparator.comparing(Planner::name)).toList();
    var printer = new LogPrinter(cli.client(), cli.out(), !noColor && cli.stdoutIsTerminal(), !noLogPrefix);
    printer.widen(list);
    var options = new LogsOptions(follow, true, true, timestamps, tail, Optional.ofNullable(since), Optional.ofNullable(until));
    for (ContainerSummary c : list) printer.follow(c, options);
    printer.join();
    return ExitCodes.OK;
  }
}
