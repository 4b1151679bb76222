package io.berth.cli.command;

import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth volume COMMAND}: docker's management command for volumes ({@code create},
 * {@code inspect}, {@code ls}/{@code list}, {@code prune}, {@code rm}/{@code remove}), with docker's
 * wording, columns and exit statuses.
 */
@Command(name = "volume", customSynopsis = "berth volume COMMAND", description = "Manage volumes")
public final class VolumeCommand implements java.util.concurrent.Callable<Integer> {
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    ContainerCommand.Sub ls = new ContainerCommand.Sub("List volumes", VolumeLsCommand::new);
    ContainerCommand.Sub rm = new ContainerCommand.Sub("Remove one or more volumes", VolumeRmCommand::new);
    SUBCOMMANDS.put("create", new ContainerCommand.Sub("Create a volume", VolumeCreateCommand::new));
    SUBCOMMANDS.put("inspect", new ContainerCommand.Sub("Display detailed information on one or more volumes", VolumeInspectCommand::new));
    SUBCOMMANDS.put("ls", ls);
    SUBCOMMANDS.put("list", ls);
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove unused local volumes", VolumePruneCommand::new));
    SUBCOMMANDS.put("rm", rm);
    SUBCOMMANDS.put("remove", rm);
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  @Override public Integer call() {
    main.cli().out().print(SystemCommand.help("volume", "Manage volumes", SUBCOMMANDS, Set.of("list", "remove")));
    return ExitCodes.OK;
  }
}
