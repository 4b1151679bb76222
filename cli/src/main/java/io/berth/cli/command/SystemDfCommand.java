package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.ContainerRows;
import io.berth.cli.format.DiskUsageRows;
import io.berth.cli.format.ImageRows;
import io.berth.cli.format.Units;
import io.berth.client.model.DiskUsage;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system df}: docker 28's summary table (TYPE TOTAL ACTIVE SIZE RECLAIMABLE) or, with
 * {@code -v}, its per-image (shared and unique sizes), per-container, volume and build-cache tables.
 */
@Command(name = "df", customSynopsis = "berth system df [OPTIONS]", description = "Show berth disk usage")
public final class SystemDfCommand extends BerthCommand {
  @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage") boolean verbose;

  @Option(names = "--format", description = "Format output using a custom template") String format;

  @Override protected int execute(Cli cli) {
    DiskUsage du = cli.client().diskUsage();
    cli.out().print(output(du, cli.clock().instant()));
    return ExitCodes.OK;
  }

  /** What docker's {@code DiskUsageContext.Write} prints for {@code du}. */
  String output(DiskUsage du, Instant now) {
    String source = format == null || format.isEmpty() ? "table" : format;
    if (!verbose) {
      String fmt = switch (source) {
        case "table" -> DiskUsageRows.DEFAULT_FORMAT;
        case "raw" -> DiskUsageRows.RAW_FORMAT;
        case "json" -> "{{json .}}";
        default -> source;
      };
      return PsCommand.render(fmt, DiskUsageRows.HEADERS, DiskUsageRows.summary(du));
    }
    if (!source.equals("table")) {
      throw new CommandFailure(ExitCodes.FAILURE, "berth: --format with --verbose supports only \"table\" so far");
    }
    var sb = new StringBuilder("Images space usage:\n\n");
    sb.append(PsCommand.render(DiskUsageRows.IMAGE_TABLE, ImageRows.HEADERS, DiskUsageRows.images(du, true, now)));
    sb.append("\nContainers space usage:\n\n");
    sb.append(PsCommand.render(DiskUsageRows.CONTAINER_TABLE, ContainerRows.HEADERS, DiskUsageRows.containers(du, true, now)));
    sb.append("\nLocal Volumes space usage:\n\n");
    // docker lists the volumes in the daemon's order
    sb.append(PsCommand.render(DiskUsageRows.VOLUME_TABLE, DiskUsageRows.VOLUME_HEADERS,
        du.volumes().stream().map(v -> io.berth.cli.format.VolumeRows.row(io.berth.client.model.Volume.fromJson(v))).toList()));
    sb.append("\nBuild cache usage: ").append(Units.humanSize4(DiskUsageRows.buildCacheSize(du))).append("\n\n");
    sb.append(PsCommand.render(DiskUsageRows.BUILD_CACHE_TABLE, DiskUsageRows.BUILD_CACHE_HEADERS,
        DiskUsageRows.buildCache(du, true, now)));
    return sb.toString();
  }
}
