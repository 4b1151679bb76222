package io.berth.cli.command;

import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code berth builder COMMAND}: docker's management command for the build cache ({@code prune}). */
@Command(name = "builder", customSynopsis = "berth builder COMMAND", description = "Manage builds")
public final class BuilderCommand implements java.util.concurrent.Callable<Integer> {
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove build cache", BuilderPruneCommand::new));
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  /** Without a subcommand: the group's help, as docker prints it. */
  @Override public Integer call() {
    main.cli().out().print(SystemCommand.help("builder", "Manage builds", SUBCOMMANDS, Set.of()));
    return ExitCodes.OK;
  }
}
