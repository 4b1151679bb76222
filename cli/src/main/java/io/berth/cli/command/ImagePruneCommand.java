package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.client.model.ImageDeleteResponseItem;
import io.berth.client.model.ImagePruneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: docker 28's prompt, wording and output. */
@Command(name = "prune", customSynopsis = "berth image prune [OPTIONS]", description = "Remove unused images")
public final class ImagePruneCommand extends BerthCommand {
  static final String ALL_WARNING = "WARNING! This will remove all images without at least one container associated to them.\n"
      + "Are you sure you want to continue?";
  static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";

  @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones") boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;

  @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")") List<String> filters = new ArrayList<>();

  @Override protected int execute(Cli cli) throws IOException {
    var f = PsCommand.parseFilters("image prune [OPTIONS]", filters);
    if (!force && !confirm(cli, all ? ALL_WARNING : DANGLING_WARNING)) {
      throw new CommandFailure(ExitCodes.OK, ""); // docker: a cancelled prune exits 0 without another word
    }
    Result r = run(cli, all, f);
    if (!r.output().isEmpty()) cli.out().println(r.output());
    cli.out().println("Total reclaimed space: " + Units.humanSize4(r.reclaimed()));
    return ExitCodes.OK;
  }

  /** What one image prune printed and freed (docker's {@code image.RunPrune}, also used by system prune). */
  record Result(String output, long reclaimed) {}

  static Result run(Cli cli, boolean all, Map<String, List<String>> filters) {
    var f = new java.util.LinkedHashMap<String, List<String>>(filters);
    f.put("dangling", List.of(Boolean.toString(!all)));
    ImagePruneReport report = cli.client().pruneImages(f);
    if (report.imagesDeleted().isEmpty()) return new Result("", 0);
    var sb = new StringBuilder("Deleted Images:\n");
    for (ImageDeleteResponseItem i : report.imagesDeleted()) {
      if (!i.untagged().isEmpty()) sb.append("untagged: ").append(i.untagged()).append('\n');
      else sb.append("deleted: ").append(i.deleted()).append('\n');
    }
    return new Result(sb.toString(), report.spaceReclaimed());
  }

  /** docker's {@code prompt.Confirm}: "y" or "Y" on the first line; anything else, or EOF, is no. */
  static boolean confirm(Cli cli, String message) throws IOException {
    cli.out().print(message + " [y/N] ");
    cli.out().flush();
    var in = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8));
    String line = in.readLine();
    return line != null && line.strip().equalsIgnoreCase("y");
  }
}
