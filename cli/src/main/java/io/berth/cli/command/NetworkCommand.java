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
 * {@code berth network COMMAND}: docker's management command for networks ({@code connect},
 * {@code create}, {@code disconnect}, {@code inspect}, {@code ls}/{@code list}, {@code prune},
 * {@code rm}/{@code remove}), with docker's wording, columns and exit statuses.
 */
@Command(name = "network", customSynopsis = "berth network COMMAND", description = "Manage networks")
public final class NetworkCommand implements java.util.concurrent.Callable<Integer> {
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    ContainerCommand.Sub ls = new ContainerCommand.Sub("List networks", NetworkLsCommand::new);
    ContainerCommand.Sub rm = new ContainerCommand.Sub("Remove one or more networks", NetworkRmCommand::new);
    SUBCOMMANDS.put("connect", new ContainerCommand.Sub("Connect a container to a network", NetworkConnectCommand::new));
    SUBCOMMANDS.put("create", new ContainerCommand.Sub("Create a network", NetworkCreateCommand::new));
    SUBCOMMANDS.put("disconnect", new ContainerCommand.Sub("Disconnect a container from a network", NetworkDisconnectCommand::new));
    SUBCOMMANDS.put("inspect", new ContainerCommand.Sub("Display detailed information on one or more networks", NetworkInspectCommand::new));
    SUBCOMMANDS.put("ls", ls);
    SUBCOMMANDS.put("list", ls);
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove all unused networks", NetworkPruneCommand::new));
    SUBCOMMANDS.put("rm", rm);
    SUBCOMMANDS.put("remove", rm);
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  @Override public Integer call() {
    main.cli().out().print(SystemCommand.help("network", "Manage networks", SUBCOMMANDS, Set.of("list", "remove")));
    return ExitCodes.OK;
  }
}
