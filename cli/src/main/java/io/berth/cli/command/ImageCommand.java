package io.berth.cli.command;

import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth image COMMAND}: docker's management command for images; the top-level image commands
 * under docker's names and aliases ({@code ls}/{@code list}, {@code rm}/{@code remove}) plus
 * {@code prune}.
 */
@Command(name = "image", customSynopsis = "berth image COMMAND", description = "Manage images")
public final class ImageCommand implements java.util.concurrent.Callable<Integer>, CommandGroup {
  /** Subcommands by the name (or alias) typed after "image"; aliases share one entry object. */
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    var ls = new ContainerCommand.Sub("List images", ImagesCommand::new);
    var rm = new ContainerCommand.Sub("Remove one or more images", RmiCommand::new);
    SUBCOMMANDS.put("import", new ContainerCommand.Sub("Import the contents from a tarball to create a filesystem image", ImportCommand::new));
    SUBCOMMANDS.put("load", new ContainerCommand.Sub("Load an image from a tar archive or STDIN", LoadCommand::new));
    SUBCOMMANDS.put("ls", ls);
    SUBCOMMANDS.put("list", ls);
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove unused images", ImagePruneCommand::new));
    SUBCOMMANDS.put("rm", rm);
    SUBCOMMANDS.put("remove", rm);
    SUBCOMMANDS.put("save", new ContainerCommand.Sub("Save one or more images to a tar archive (streamed to STDOUT by default)", SaveCommand::new));
    SUBCOMMANDS.put("tag", new ContainerCommand.Sub("Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", TagCommand::new));
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  @Override public Main main() { return main; }

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  @Override public Integer call() {
    main.cli().out().print(SystemCommand.help("image", "Manage images", SUBCOMMANDS, java.util.Set.of("list", "remove")));
    return ExitCodes.OK;
  }
}
