package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Ports;
import io.berth.cli.format.TabWriter;
import io.berth.cli.format.Units;
import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import io.berth.compose.model.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose ps}: the project's containers, Compose's columns. */
@Command(name = "ps", customSynopsis = "berth compose ps [OPTIONS] [SERVICE...]", description = "List containers")
final class PsCommand extends ComposeSubcommand {
  @Option(names = {"-a", "--all"}, description = "Show all stopped containers (including those created by the run command)") boolean all;
  @Option(names = {"-q", "--quiet"}, description = "Only display IDs") boolean quiet;
  @Option(names = "--services", description = "Display services") boolean servicesOnly;
  @Option(names = "--format", paramLabel = "string", description = "Format the output. Values: [table | json]") String format = "table";
  @Option(names = "--status", paramLabel = "stringArray", description = "Filter services by status") List<String> status = new ArrayList<>();
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    for (String s : services) {
      if (!p.services().containsKey(s) && !p.disabled().containsKey(s)) throw new ComposeException("no such service: " + s);
    }
    List<ContainerSummary> list = engine(cli).containers(p.name(), all || !status.isEmpty()).stream()
        .filter(c -> services.isEmpty() || services.contains(c.labels().get(Labels.SERVICE)))
        .filter(c -> all || !"True".equals(c.labels().get(Labels.ONEOFF)))
        .filter(c -> status.isEmpty() || status.contains(c.state()))
        .sorted(Comparator.comparing(Planner::name)).toList();
    if (quiet) {
      list.forEach(c -> cli.out().println(c.id()));
      return ExitCodes.OK;
    }
    if (servicesOnly) {
      list.stream().map(c -> c.labels().get(Labels.SERVICE)).distinct().forEach(cli.out()::println);
      return ExitCodes.OK;
    }
    Instant now = cli.clock().instant();
    if (format.equals("json")) {
      for (ContainerSummary c : list) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Command", c.command());
        m.put("CreatedAt", Instant.ofEpochSecond(c.created()).toString());
        m.put("ExitCode", 0);
        m.put("ID", c.id());
        m.put("Image", c.image());
        m.put("Labels", c.labels());
        m.put("Name", Planner.name(c));
        m.put("Names", Planner.name(c));
        m.put("Networks", String.join(",", c.networks()));
        m.put("Ports", Ports.displayable(c.ports()));
        m.put("Project", p.name());
        m.put("RunningFor", Units.humanDuration(Duration.between(Instant.ofEpochSecond(c.created()), now)) + " ago");
        m.put("Service", c.labels().getOrDefault(Labels.SERVICE, ""));
        m.put("State", c.state());
        m.put("Status", c.status());
        cli.out().println(new String(JsonWriter.bytes(m), java.nio.charset.StandardCharsets.UTF_8));
      }
      return ExitCodes.OK;
    }
    if (!format.equals("table")) throw new ComposeException("format value \"" + format + "\" could not be parsed");
    var t = TabWriter.table().row("NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS");
    for (ContainerSummary c : list) {
      t.row(Planner.name(c), c.image(), Units.goQuote(Units.ellipsis(c.command(), 20)),
          c.labels().getOrDefault(Labels.SERVICE, ""),
          Units.humanDuration(Duration.between(Instant.ofEpochSecond(c.created()), now)) + " ago", c.status(),
          Ports.displayable(c.ports()));
    }
    cli.out().print(t.render());
    return ExitCodes.OK;
  }
}
