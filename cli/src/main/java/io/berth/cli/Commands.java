package io.berth.cli;

import io.berth.cli.command.AttachCommand;
import io.berth.cli.command.BuildCommand;
import io.berth.cli.command.CommitCommand;
import io.berth.cli.command.DiffCommand;
import io.berth.cli.command.HistoryCommand;
import io.berth.cli.command.ImageCommand;
import io.berth.cli.command.CpCommand;
import io.berth.cli.command.ContainerCommand;
import io.berth.cli.command.CreateCommand;
import io.berth.cli.command.EventsCommand;
import io.berth.cli.command.ExecCommand;
import io.berth.cli.command.ExportCommand;
import io.berth.cli.command.ImagesCommand;
import io.berth.cli.command.ImportCommand;
import io.berth.cli.command.InfoCommand;
import io.berth.cli.command.InspectCommand;
import io.berth.cli.command.KillCommand;
import io.berth.cli.command.LoadCommand;
import io.berth.cli.command.LogsCommand;
import io.berth.cli.command.PauseCommand;
import io.berth.cli.command.PortCommand;
import io.berth.cli.command.PsCommand;
import io.berth.cli.command.RenameCommand;
import io.berth.cli.command.RestartCommand;
import io.berth.cli.command.RmCommand;
import io.berth.cli.command.RmiCommand;
import io.berth.cli.command.RunCommand;
import io.berth.cli.command.SaveCommand;
import io.berth.cli.command.StartCommand;
import io.berth.cli.command.StatsCommand;
import io.berth.cli.command.StopCommand;
import io.berth.cli.command.TagCommand;
import io.berth.cli.command.TopCommand;
import io.berth.cli.command.UnpauseCommand;
import io.berth.cli.command.UpdateCommand;
import io.berth.cli.command.VersionCommand;
import io.berth.cli.command.WaitCommand;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The command table: names, one-line descriptions for the root help, and factories. */
final class Commands {
  record Entry(String name, String description, Supplier<Object> factory) {}

  static final List<Entry> ALL = List.of(
      new Entry("run", "Create and run a new container from an image", RunCommand::new),
      new Entry("exec", "Execute a command in a running container", ExecCommand::new),
      new Entry("ps", "List containers", PsCommand::new),
      new Entry("build", "Build an image from a Dockerfile", BuildCommand::new),
      new Entry("images", "List images", ImagesCommand::new),
      new Entry("version", "Show the Berth version information", VersionCommand::new),
      new Entry("info", "Display system-wide information", InfoCommand::new),
      new Entry("create", "Create a new container", CreateCommand::new),
      new Entry("start", "Start one or more stopped containers", StartCommand::new),
      new Entry("stop", "Stop one or more running containers", StopCommand::new),
      new Entry("kill", "Kill one or more running containers", KillCommand::new),
      new Entry("rm", "Remove one or more containers", RmCommand::new),
      new Entry("logs", "Fetch the logs of a container", LogsCommand::new),
      new Entry("wait", "Block until one or more containers stop, then print their exit codes", WaitCommand::new),
      new Entry("inspect", "Return low-level information on Docker objects", InspectCommand::new),
      new Entry("rmi", "Remove one or more images", RmiCommand::new),
      new Entry("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", TagCommand::new),
      new Entry("import", "Import the contents from a tarball to create a filesystem image", ImportCommand::new),
      new Entry("load", "Load an image from a tar archive or STDIN", LoadCommand::new),
      new Entry("save", "Save one or more images to a tar archive (streamed to STDOUT by default)", SaveCommand::new),
      new Entry("cp", "Copy files/folders between a container and the local filesystem", CpCommand::new),
      new Entry("export", "Export a container's filesystem as a tar archive", ExportCommand::new),
      new Entry("restart", "Restart one or more containers", RestartCommand::new),
      new Entry("pause", "Pause all processes within one or more containers", PauseCommand::new),
      new Entry("unpause", "Unpause all processes within one or more containers", UnpauseCommand::new),
      new Entry("rename", "Rename a container", RenameCommand::new),
      new Entry("top", "Display the running processes of a container", TopCommand::new),
      new Entry("port", "List port mappings or a specific mapping for the container", PortCommand::new),
      new Entry("stats", "Display a live stream of container(s) resource usage statistics", StatsCommand::new),
      new Entry("update", "Update configuration of one or more containers", UpdateCommand::new),
      new Entry("events", "Get real time events from the server", EventsCommand::new),
      new Entry("attach", "Attach local standard input, output, and error streams to a running container", AttachCommand::new),
      new Entry("commit", "Create a new image from a container's changes", CommitCommand::new),
      new Entry("diff", "Inspect changes to files or directories on a container's filesystem", DiffCommand::new),
      new Entry("history", "Show the history of an image", HistoryCommand::new),
      new Entry("container", "Manage containers", ContainerCommand::new),
      new Entry("image", "Manage images", ImageCommand::new),
      new Entry("network", "Manage networks", io.berth.cli.command.NetworkCommand::new),
      new Entry("volume", "Manage volumes", io.berth.cli.command.VolumeCommand::new),
      new Entry("builder", "Manage builds", io.berth.cli.command.BuilderCommand::new),
      new Entry("system", "Manage Berth", io.berth.cli.command.SystemCommand::new),
      new Entry("pull", "Download an image from a registry", io.berth.cli.command.PullCommand::new),
      new Entry("push", "Upload an image to a registry", io.berth.cli.command.PushCommand::new),
      new Entry("login", "Authenticate to a registry", io.berth.cli.command.LoginCommand::new),
      new Entry("logout", "Log out from a registry", io.berth.cli.command.LogoutCommand::new),
      new Entry("search", "Search Docker Hub for images", io.berth.cli.command.SearchCommand::new),
      new Entry("registry", "Run an image registry", io.berth.cli.command.RegistryCommand::new));


  private Commands() {}

  static Optional<Entry> find(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The first argument that is not a global option (or its value): the command's name. */
  static Optional<String> commandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-H") || a.equals("--host") || a.equals("--config")) {
        i++;
      } else if (a.equals("--")) {
        return i + 1 < args.length ? Optional.of(args[i + 1]) : Optional.empty();
      } else if (!a.startsWith("-")) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The first argument after the group {@code group} that is not an option: the subcommand's name. */
  static Optional<String> subcommandName(String[] args, String group) {
    boolean inGroup = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!inGroup) {
        if (a.equals("-H") || a.equals("--host") || a.equals("--config")) i++;
        else if (a.equals(group)) inGroup = true;
      } else if (!a.startsWith("-")) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** docker's root help layout. */
  static String rootHelp() {
    var sb = new StringBuilder();
    sb.append("\nUsage:  berth [OPTIONS] COMMAND\n\n");
    sb.append("A self-sufficient runtime for containers (docker-compatible)\n\n");
    sb.append("Common Commands:\n");
    for (int i = 0; i < ALL.size(); i++) {
      if (i == 7) sb.append("\nManagement and Other Commands:\n");
      Entry e = ALL.get(i);
      sb.append("  ").append(e.name()).append(" ".repeat(Math.max(1, 12 - e.name().length()))).append(e.description()).append('\n');
    }
    sb.append("\nGlobal Options:\n");
    sb.append("  -D, --debug              Enable debug mode\n");
    sb.append("  -H, --host string        Daemon socket to connect to (default: $BERTH_HOST, $DOCKER_HOST,\n");
    sb.append("                           then ").append(HostSelection.DEFAULT).append(")\n");
    sb.append("  -v, --version            Print version information and quit\n");
    sb.append("\nRun 'berth COMMAND --help' for more information on a command.\n");
    return sb.toString();
  }
}
