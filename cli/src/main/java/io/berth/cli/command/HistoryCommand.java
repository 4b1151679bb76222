package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.HistoryRows;
import io.berth.client.model.ImageHistoryItem;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth history [OPTIONS] IMAGE}: docker's history table, newest layer first. */
@Command(name = "history", customSynopsis = "berth history [OPTIONS] IMAGE", description = "Show the history of an image")
public final class HistoryCommand extends BerthCommand {
  @Option(names = "--format", description = "Format output using a custom template") String format;

  @Option(names = {"-H", "--human"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Print sizes and dates in human readable format (default true)") boolean human;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs") boolean quiet;

  @Option(names = "--platform", description = "Show history for the given platform") String platform;

  @Parameters(index = "0", paramLabel = "IMAGE") String image;

  @Override protected int execute(Cli cli) {
    cli.out().print(output(cli.client().history(image), cli.clock().instant()));
    return ExitCodes.OK;
  }

  /** What history prints for {@code items} at {@code now}. */
  public String output(List<ImageHistoryItem> items, Instant now) {
    String fmt = HistoryRows.format(format == null || format.isEmpty() ? "table" : format, quiet, human);
    return PsCommand.render(fmt, HistoryRows.HEADERS, HistoryRows.rows(items, !noTrunc, human, now));
  }
}
