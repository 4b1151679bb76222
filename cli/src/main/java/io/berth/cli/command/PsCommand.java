package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.ContainerRows;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.Table;
import io.berth.cli.template.RowContext;
import io.berth.cli.template.Template;
import io.berth.cli.template.TemplateException;
import io.berth.client.ContainerListOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps} (also {@code container ls/list/ps}): docker's table, quiet and {@code --format} outputs. */
@Command(name = "ps", customSynopsis = "berth ps [OPTIONS]", description = "List containers")
public final class PsCommand extends BerthCommand {
  static final String RAW_FORMAT = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\n"
      + "created_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
      + "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs") boolean quiet;

  @Option(names = {"-n", "--last"}, defaultValue = "-1", description = "Show n last created containers (includes all states)") int last = -1;

  @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)") boolean latest;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Option(names = {"-s", "--size"}, arity = "0..1", fallbackValue = "true", description = "Display total file sizes") Boolean size;

  @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template:%n'table':            Print output in table format with column headers (default)%n"
      + "'table TEMPLATE':   Print output in table format using the given Go template%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  /** The list query this command line sends (docker's {@code buildContainerListOptions}). */
  public ContainerListOptions listOptions() {
    int limit = latest && last == -1 ? 1 : last;
    boolean wantSize = Boolean.TRUE.equals(size);
    if (format != null && !format.isEmpty()) {
      // docker validates the raw format against an empty container, and asks for sizes when it uses .Size
      Template t;
      try {
        t = Template.parse(format);
      } catch (TemplateException e) {
        throw new CommandFailure(ExitCodes.FAILURE, "failed to parse template: " + e.getMessage());
      }
      RowContext probe = ContainerRows.empty();
      try {
        t.execute(probe);
      } catch (TemplateException e) {
        throw new CommandFailure(ExitCodes.FAILURE, "failed to execute template: " + e.getMessage());
      }
      if (!quiet && size == null && probe.used("Size")) wantSize = true;
    }
    return new ContainerListOptions(all, limit, wantSize, parseFilters("ps [OPTIONS]", filters));
  }

  /**
   * docker's {@code FilterOpt}: "name=value", the name lower-cased and both trimmed; a value without
   * '=' is a flag error (exit 125).
   */
  static Map<String, List<String>> parseFilters(String usage, List<String> filters) {
    var m = new LinkedHashMap<String, List<String>>();
    for (String f : filters) {
      if (f.isEmpty()) continue;
      int eq = f.indexOf('=');
      if (eq < 0) {
        String cmd = usage.substring(0, usage.indexOf(" ["));
        throw new CommandFailure(ExitCodes.RUN_FAILED, "invalid argument \"" + f + "\" for \"-f, --filter\" flag: "
            + "bad format of filter (expected name=value)\n\nUsage:  berth " + usage + "\n\nRun 'berth " + cmd
            + " --help' for more information");
      }
      m.computeIfAbsent(f.substring(0, eq).strip().toLowerCase(), k -> new ArrayList<>()).add(f.substring(eq + 1).strip());
    }
    return m;
  }

  /** docker's {@code NewContainerFormat}. */
  static String containerFormat(String source, boolean quiet, boolean size) {
    if (source == null || source.isEmpty() || source.equals("table")) {
      if (quiet) return ContainerRows.QUIET_FORMAT;
      return size ? ContainerRows.DEFAULT_FORMAT + "\\t{{.Size}}" : ContainerRows.DEFAULT_FORMAT;
    }
    if (source.equals("raw")) {
      if (quiet) return "container_id: {{.ID}}";
      return size ? RAW_FORMAT + "size: {{.Size}}\\n" : RAW_FORMAT;
    }
    return quiet ? ContainerRows.QUIET_FORMAT : source;
  }

  @Override protected int execute(Cli cli) {
    if (format != null && !format.isEmpty() && quiet) {
      cli.err().println("WARNING: Ignoring custom format, because both --format and --quiet are set.");
    }
    ContainerListOptions options = listOptions();
    var containers = cli.client().listContainers(options);
    cli.out().print(output(containers, options.size(), cli.clock().instant()));
    return ExitCodes.OK;
  }

  /** What ps prints for {@code containers} (docker's {@code ContainerWrite}); {@code size}: sizes were asked for. */
  public String output(List<io.berth.client.model.ContainerSummary> containers, boolean size, java.time.Instant now) {
    String fmt = Table.template(false, containerFormat(format, quiet, size), ContainerRows.QUIET_FORMAT,
        ContainerRows.DEFAULT_FORMAT);
    return render(fmt, ContainerRows.HEADERS, ContainerRows.rows(containers, !noTrunc, now));
  }

  /** docker's {@code Context.Write}: its errors read "template parsing error: ..." (exit 1). */
  static String render(String fmt, Map<String, String> headers, List<?> rows) {
    try {
      return Table.render(GoTemplate.parse(fmt), headers, rows);
    } catch (TemplateException e) {
      throw new CommandFailure(ExitCodes.FAILURE, "template parsing error: " + e.getMessage());
    }
  }
}
