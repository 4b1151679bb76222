package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.ImageRows;
import io.berth.client.model.ImageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images}: docker's image table, newest first; filters are the daemon's. */
@Command(name = "images", customSynopsis = "berth images [OPTIONS] [REPOSITORY[:TAG]]", description = "List images")
public final class ImagesCommand extends BerthCommand {
  private static final Set<String> IMAGE_SUBCOMMANDS = Set.of("build", "history", "import", "inspect", "list", "load",
      "ls", "prune", "pull", "push", "rm", "save", "tag");

  @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)") boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs") boolean quiet;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Option(names = "--digests", description = "Show digests") boolean digests;

  @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template") String format;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String repository;

  @Override protected int execute(Cli cli) {
    Map<String, List<String>> f = PsCommand.parseFilters("images [OPTIONS] [REPOSITORY[:TAG]]", filters);
    if (repository != null) f.computeIfAbsent("reference", k -> new ArrayList<>()).add(repository);
    List<ImageSummary> images = new ArrayList<>(cli.client().listImages(all, f));
    cli.out().print(output(images, cli.clock().instant()));
    if (repository != null && images.isEmpty() && IMAGE_SUBCOMMANDS.contains(repository)) {
      cli.err().printf("%nNo images found matching \"%s\": did you mean \"docker image %s\"?%n", repository, repository);
    }
    return ExitCodes.OK;
  }

  /** What images prints for {@code images} (docker's {@code ImageWrite}), in the daemon's order (newest first). */
  public String output(List<ImageSummary> images, java.time.Instant now) {
    List<ImageSummary> sorted = images;
    String fmt = imageFormat(format == null || format.isEmpty() ? "table" : format, quiet, digests);
    if (fmt.equals("json")) fmt = "{{json .}}";
    return PsCommand.render(fmt, ImageRows.HEADERS, ImageRows.rows(sorted, !noTrunc, now, digests));
  }

  /** docker's {@code NewImageFormat}. */
  static String imageFormat(String source, boolean quiet, boolean digest) {
    switch (source) {
      case "table" -> {
        if (quiet) return ImageRows.QUIET_FORMAT;
        return digest ? ImageRows.DEFAULT_FORMAT_WITH_DIGEST : ImageRows.DEFAULT_FORMAT;
      }
      case "raw" -> {
        if (quiet) return "image_id: {{.ID}}";
        return digest
            ? "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
            : "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
      }
      default -> {
        if (source.startsWith("table") && digest && !source.contains("{{.Digest}}")) return source + "\\t{{.Digest}}";
        return source;
      }
    }
  }
}
