package io.berth.cli.command;

import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth system COMMAND}: docker's {@code df}, {@code events}, {@code info}, {@code prune}, and
 * Berth's {@code check} (verify and repair the daemon's store).
 */
@Command(name = "system", customSynopsis = "berth system COMMAND", description = "Manage Berth")
public final class SystemCommand implements java.util.concurrent.Callable<Integer> {
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("check", new ContainerCommand.Sub("Verify the daemon's store (blobs, layers, snapshots) and optionally repair it", SystemCheckCommand::new));
    SUBCOMMANDS.put("df", new ContainerCommand.Sub("Show berth disk usage", SystemDfCommand::new));
    SUBCOMMANDS.put("events", new ContainerCommand.Sub("Get real time events from the server", EventsCommand::new));
    SUBCOMMANDS.put("info", new ContainerCommand.Sub("Display system-wide information", InfoCommand::new));
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove unused data", SystemPruneCommand::new));
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  @Override public Integer call() {
    main.cli().out().print(help("system", "Manage Berth", SUBCOMMANDS, Set.of()));
    return ExitCodes.OK;
  }

  /** docker's help of a management command: usage, description, then the commands (aliases left out). */
  static String help(String group, String description, Map<String, ContainerCommand.Sub> subs, Set<String> aliases) {
    var sb = new StringBuilder("Usage:  berth " + group + " COMMAND\n\n" + description + "\n\nCommands:\n");
    var seen = new HashSet<ContainerCommand.Sub>();
    subs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (aliases.contains(e.getKey()) || !seen.add(e.getValue())) return;
      sb.append("  ").append(e.getKey()).append(" ".repeat(Math.max(1, 12 - e.getKey().length())))
          .append(e.getValue().description()).append('\n');
    });
    sb.append("\nRun 'berth ").append(group).append(" COMMAND --help' for more information on a command.\n");
    return sb.toString();
  }
}
