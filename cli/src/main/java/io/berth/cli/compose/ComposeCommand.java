package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth compose [OPTIONS] COMMAND}: Docker Compose's global flags, then one of its commands.
 * As in Compose, flags and arguments may be interleaved, except for {@code exec} and {@code run},
 * where everything after the service is the container's command line.
 */
@Command(name = "compose", customSynopsis = "berth compose [OPTIONS] COMMAND", description = "Define and run multi-container applications with Docker",
    subcommands = {UpCommand.class, DownCommand.class, PsCommand.class, LogsCommand.class, ConfigCommand.class,
        StartCommand.class, StopCommand.class, RestartCommand.class, RmCommand.class, PullCommand.class,
        PushCommand.class, BuildCommand.class, ExecCommand.class, RunCommand.class, ImagesCommand.class,
        TopCommand.class, PortCommand.class, VersionCommand.class, CreateCommand.class, KillCommand.class})
public final class ComposeCommand implements java.util.concurrent.Callable<Integer> {
  /** The project source of every compose command (the lead wires the loader here; tests put their own). */
  public static volatile ProjectSource source = ProjectSource.standard();

  @ParentCommand Main main;

  @Option(names = {"-f", "--file"}, paramLabel = "stringArray", description = "Compose configuration files")
  List<String> files = new ArrayList<>();

  @Option(names = {"-p", "--project-name"}, description = "Project name") String projectName;

  @Option(names = "--profile", paramLabel = "stringArray", description = "Specify a profile to enable")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "stringArray", description = "Specify an alternate environment file")
  List<String> envFiles = new ArrayList<>();

  @Option(names = "--project-directory", description = "Specify an alternate working directory\n"
      + "(default: the path of the, first specified, Compose file)") String projectDirectory;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;

  Cli cli() { return main.cli(); }

  /** Per-subcommand parser settings: {@code exec} and {@code run} stop at the service's command. */
  public static void configure(CommandLine compose) {
    compose.setStopAtPositional(false);
    for (var e : compose.getSubcommands().entrySet()) {
      e.getValue().setStopAtPositional(Set.of("exec", "run").contains(e.getKey()));
      e.getValue().getCommandSpec().usageMessage().synopsisHeading("%nUsage:  ").descriptionHeading("%n")
          .optionListHeading("%nOptions:%n").abbreviateSynopsis(false);
    }
  }

  @Override public Integer call() {
    cli().out().print(help());
    return ExitCodes.OK;
  }

  static String help() {
    return """

        Usage:  berth compose [OPTIONS] COMMAND

        Define and run multi-container applications with Docker

        Options:
              --env-file stringArray           Specify an alternate environment file
          -f, --file stringArray               Compose configuration files
              --profile stringArray            Specify a profile to enable
              --project-directory string       Specify an alternate working directory
          -p, --project-name string            Project name

        Commands:
          build       Build or rebuild services
          config      Parse, resolve and render compose file in canonical format
          create      Creates containers for a service
          down        Stop and remove containers, networks
          exec        Execute a command in a running container
          images      List images used by the created containers
          kill        Force stop service containers
          logs        View output from containers
          port        Print the public port for a port binding
          ps          List containers
          pull        Pull service images
          push        Push service images
          restart     Restart service containers
          rm          Removes stopped service containers
          run         Run a one-off command on a service
          start       Start services
          stop        Stop services
          top         Display the running processes
          up          Create and start containers
          version     Show the Docker Compose version information

        Run 'berth compose COMMAND --help' for more information on a command.
        """;
  }
}
