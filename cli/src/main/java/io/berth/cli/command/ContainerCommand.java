package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth container COMMAND}: docker's management command; its subcommands are the
 * top-level container commands under docker's names and aliases ({@code ls}/{@code list}/{@code ps},
 * {@code rm}/{@code remove}, ...) plus {@code prune}.
 */
@Command(name = "container", customSynopsis = "berth container COMMAND", description = "Manage containers")
public final class ContainerCommand implements java.util.concurrent.Callable<Integer> {
  /** A subcommand: its description for the group's help and a factory. */
  public record Sub(String description, Supplier<Object> factory) {}

  /** Subcommands by the name (or alias) typed after "container"; aliases share one entry object. */
  public static final Map<String, Sub> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    Sub create = new Sub("Create a new container", CreateCommand::new);
    Sub inspect = new Sub("Display detailed information on one or more containers", InspectCommand::containersOnly);
    Sub kill = new Sub("Kill one or more running containers", KillCommand::new);
    Sub logs = new Sub("Fetch the logs of a container", LogsCommand::new);
    Sub ls = new Sub("List containers", PsCommand::new);
    Sub prune = new Sub("Remove all stopped containers", ContainerPruneCommand::new);
    Sub rm = new Sub("Remove one or more containers", RmCommand::new);
    Sub run = new Sub("Create and run a new container from an image", RunCommand::new);
    Sub start = new Sub("Start one or more stopped containers", StartCommand::new);
    Sub stop = new Sub("Stop one or more running containers", StopCommand::new);
    Sub wait = new Sub("Block until one or more containers stop, then print their exit codes", WaitCommand::new);
    SUBCOMMANDS.put("attach", new Sub("Attach local standard input, output, and error streams to a running container", AttachCommand::new));
    SUBCOMMANDS.put("commit", new Sub("Create a new image from a container's changes", CommitCommand::new));
    SUBCOMMANDS.put("cp", new Sub("Copy files/folders between a container and the local filesystem", CpCommand::new));
    SUBCOMMANDS.put("diff", new Sub("Inspect changes to files or directories on a container's filesystem", DiffCommand::new));
    SUBCOMMANDS.put("exec", new Sub("Execute a command in a running container", ExecCommand::new));
    SUBCOMMANDS.put("pause", new Sub("Pause all processes within one or more containers", PauseCommand::new));
    SUBCOMMANDS.put("port", new Sub("List port mappings or a specific mapping for the container", PortCommand::new));
    SUBCOMMANDS.put("rename", new Sub("Rename a container", RenameCommand::new));
    SUBCOMMANDS.put("restart", new Sub("Restart one or more containers", RestartCommand::new));
    SUBCOMMANDS.put("stats", new Sub("Display a live stream of container(s) resource usage statistics", StatsCommand::new));
    SUBCOMMANDS.put("top", new Sub("Display the running processes of a container", TopCommand::new));
    SUBCOMMANDS.put("unpause", new Sub("Unpause all processes within one or more containers", UnpauseCommand::new));
    SUBCOMMANDS.put("update", new Sub("Update configuration of one or more containers", UpdateCommand::new));
    SUBCOMMANDS.put("create", create);
    SUBCOMMANDS.put("inspect", inspect);
    SUBCOMMANDS.put("kill", kill);
    SUBCOMMANDS.put("logs", logs);
    SUBCOMMANDS.put("ls", ls);
    SUBCOMMANDS.put("list", ls);
    SUBCOMMANDS.put("ps", ls);
    SUBCOMMANDS.put("prune", prune);
    SUBCOMMANDS.put("rm", rm);
    SUBCOMMANDS.put("remove", rm);
    SUBCOMMANDS.put("run", run);
    SUBCOMMANDS.put("start", start);
    SUBCOMMANDS.put("stop", stop);
    SUBCOMMANDS.put("wait", wait);
  }

  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--help", description = "Print usage") boolean help;

  public static Optional<Sub> find(String name) { return Optional.ofNullable(SUBCOMMANDS.get(name)); }

  /** Without a subcommand: the group's help, as docker prints it. */
  @Override public Integer call() {
    Cli cli = main.cli();
    cli.out().print(help());
    return ExitCodes.OK;
  }

  public static String help() {
    var sb = new StringBuilder("Usage:  berth container COMMAND\n\nManage containers\n\nCommands:\n");
    var seen = new java.util.HashSet<Sub>();
    SUBCOMMANDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getKey().equals("list") || e.getKey().equals("ps") || e.getKey().equals("remove") || !seen.add(e.getValue())) return;
      sb.append("  ").append(e.getKey()).append(" ".repeat(Math.max(1, 12 - e.getKey().length())))
          .append(e.getValue().description()).append('\n');
    });
    sb.append("\nRun 'berth container COMMAND --help' for more information on a command.\n");
    return sb.toString();
  }
}
