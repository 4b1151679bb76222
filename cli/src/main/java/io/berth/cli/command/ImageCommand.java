package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth image COMMAND}: docker's management command for images; its subcommands are the
 * top-level image commands under docker's names and aliases ({@code ls}/{@code list},
 * {@code rm}/{@code remove}, {@code history}, {@code prune}, ...).
 */
@Command(name = "image", customSynopsis = "berth image COMMAND", description = "Manage images")
public final class ImageCommand implements java.util.concurrent.Callable<Integer> {
  /** Subcommands by the name (or alias) typed after "image"; aliases share one entry object. */
  public static final Map<String, ContainerCommand.Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    ContainerCommand.Sub ls = new ContainerCommand.Sub("List images", ImagesCommand::new);
    ContainerCommand.Sub rm = new ContainerCommand.Sub("Remove one or more images", RmiCommand::new);
    SUBCOMMANDS.put("build", new ContainerCommand.Sub("Build an image from a Dockerfile", BuildCommand::new));
    SUBCOMMANDS.put("history", new ContainerCommand.Sub("Show the history of an image", HistoryCommand::new));
    SUBCOMMANDS.put("import", new ContainerCommand.Sub(
        "Import the contents from a tarball to create a filesystem image", ImportCommand::new));
    SUBCOMMANDS.put("load", new ContainerCommand.Sub("Load an image from a tar archive or STDIN", LoadCommand::new));
    SUBCOMMANDS.put("prune", new ContainerCommand.Sub("Remove unused images", ImagePruneCommand::new));
    SUBCOMMANDS.put("save", new ContainerCommand.Sub(
        "Save one or more images to a tar archive (streamed to STDOUT by default)", SaveCommand::new));
    SUBCOMMANDS.put("tag", new ContainerCommand.Sub(
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", TagCommand::new));
    SUBCOMMANDS.put("pull", new ContainerCommand.Sub("Download an image from a registry", PullCommand::new));
    SUBCOMMANDS.put("push", new ContainerCommand.Sub("Upload an image to a registry", PushCommand::new));
    SUBCOMMANDS.put("ls", ls);
    SUBCOMMANDS.put("list", ls);
    SUBCOMMANDS.put("rm", rm);
    SUBCOMMANDS.put("remove", rm);
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<ContainerCommand.Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  /** Without a subcommand: the group's help, as docker prints it. */
  @Override public Integer call() {
    main.cli().out().print(help());
    return ExitCodes.OK;
  }

  public static String help() {
    var sb = new StringBuilder("Usage:  berth image COMMAND\n\nManage images\n\nCommands:\n");
    var seen = new java.util.HashSet<ContainerCommand.Sub>();
    SUBCOMMANDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getKey().equals("list") || e.getKey().equals("remove") || !seen.add(e.getValue())) return;
      sb.append("  ").append(e.getKey()).append(" ".repeat(Math.max(1, 12 - e.getKey().length())))
          .append(e.getValue().description()).append('\n');
    });
    sb.append("\nRun 'berth image COMMAND --help' for more information on a command.\n");
    return sb.toString();
  }
}
