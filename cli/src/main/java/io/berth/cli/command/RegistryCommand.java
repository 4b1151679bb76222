package io.berth.cli.command;

import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code berth registry COMMAND}: Berth's own registry server ({@code serve}, {@code gc}). */
@Command(name = "registry", customSynopsis = "berth registry COMMAND", description = "Run an image registry")
public final class RegistryCommand implements java.util.concurrent.Callable<Integer> {
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("serve", new ContainerCommand.Sub("Serve an OCI distribution registry", RegistryServeCommand::new));
    SUBCOMMANDS.put("gc", new ContainerCommand.Sub("Remove blobs no manifest references", RegistryGcCommand::new));
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  @Override public Integer call() {
    main.cli().out().print(SystemCommand.help("registry", "Run an image registry", SUBCOMMANDS, Set.of()));
    return ExitCodes.OK;
  }
}
