package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.ImageRows;
import io.berth.cli.format.Refs;
import io.berth.cli.format.Table;
import io.berth.client.model.ImageSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images}: docker's image table, newest first. */
@Command(name = "images", customSynopsis = "berth images [OPTIONS] [REPOSITORY[:TAG]]", description = "List images")
public final class ImagesCommand extends BerthCommand {
  @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)") boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs") boolean quiet;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Option(names = "--format", description = "Format output using a custom template") String format;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String repository;

  @Override protected int execute(Cli cli) {
    List<ImageSummary> images = new ArrayList<>(cli.client().listImages(all));
    images.sort(Comparator.comparingLong(ImageSummary::created).reversed());
    if (repository != null) images.removeIf(i -> !matches(i, repository));
    String fmt = Table.template(quiet, format, ImageRows.QUIET_FORMAT, ImageRows.DEFAULT_FORMAT);
    var rows = ImageRows.rows(images, !noTrunc, cli.clock().instant());
    cli.out().print(Table.render(GoTemplate.parse(fmt), ImageRows.HEADERS, rows));
    return ExitCodes.OK;
  }

  /** docker's reference filter: same repository, and same tag when one is given. */
  private static boolean matches(ImageSummary image, String wanted) {
    var w = Refs.parse(wanted);
    if (w.isEmpty()) return false;
    for (String rt : image.repoTags()) {
      var r = Refs.parse(rt);
      if (r.isPresent() && r.get().fullName().equals(w.get().fullName())
          && (w.get().tag().isEmpty() || w.get().tag().equals(r.get().tag()))) return true;
    }
    return false;
  }
}
