package io.berth.cli;

import io.berth.client.DaemonUnreachableException;
import io.berth.client.EngineException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code berth} root command: global options, then one subcommand. */
@Command(name = "berth", customSynopsis = "berth [OPTIONS] COMMAND")
public final class Main implements Callable<Integer> {
  /** Client version; the build stamps nothing yet, so it is the project version. */
  public static final String VERSION = io.berth.oci.BerthVersion.VERSION;

  @Option(names = {"-H", "--host"}, paramLabel = "list", description = "Daemon socket to connect to")
  List<String> hosts = new ArrayList<>();

  @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
  boolean debug;

  @Option(names = "--config", paramLabel = "string", description = "Location of client config files")
  String config;

  @Option(names = {"-v", "--version"}, description = "Print version information and quit")
  boolean version;

  @Option(names = "--help", description = "Print usage")
  boolean help;

  private final Cli cli;

  public Main(Cli cli) { this.cli = cli; }

  /** The context, with the global options applied; commands reach it through {@code @ParentCommand}. */
  public Cli cli() {
    cli.configure(hosts, debug);
    cli.configDir(Optional.ofNullable(config));
    return cli;
  }

  @Override public Integer call() {
    if (version) {
      cli.out().println("berth version " + VERSION);
      return 0;
    }
    cli.out().print(Commands.rootHelp());
    return 0;
  }

  public static void main(String[] args) throws java.io.IOException {
    if ("1".equals(System.getenv("BERTH_AOT_TRAINING"))) {
      // bin/berth's AOT training run (see Training); never set by users
      Training.run();
      return;
    }
    int code;
    try (Cli cli = Cli.system()) {
      code = run(cli, args);
    }
    System.out.flush();
    System.err.flush();
    // System.exit would log the exit through System.Logger (Runtime.exit logging, JDK 17+), which
    // initialises the JDK's logging framework, ~30 classes, on every run. Nothing in the CLI needs
    // a shutdown hook (no temp files; a raw terminal is restored before the command returns), so halting is equivalent.
    Runtime.getRuntime().halt(code);
  }

  /** Parses and runs one command line; returns the exit status (never throws for user errors). */
  public static int run(Cli cli, String... args) {
    Optional<String> name = Commands.commandName(args);
    if (name.isPresent() && Commands.find(name.get()).isEmpty()) {
      cli.err().println("berth: unknown command: berth " + name.get());
      cli.err().println();
      cli.err().println("Run 'berth --help' for more information");
      return ExitCodes.FAILURE;
    }
    if (name.isEmpty() && List.of(args).stream().allMatch(a -> a.equals("--help") || a.equals("-v") || a.equals("--version"))) {
      // the root help and version need no parser model at all
      cli.out().print(List.of(args).contains("-v") || List.of(args).contains("--version")
          ? "berth version " + VERSION + "\n" : Commands.rootHelp());
      return ExitCodes.OK;
    }
    if (name.isPresent() && (name.get().equals("container") || name.get().equals("image") || name.get().equals("system")
        || name.get().equals("builder") || name.get().equals("registry") || name.get().equals("network")
        || name.get().equals("volume"))) {
      String group = name.get();
      Optional<String> sub = Commands.subcommandName(args, group);
      if (sub.isPresent() && groupSubcommand(group, sub.get()).isEmpty()) {
        cli.err().println("berth: unknown command: berth " + group + " " + sub.get());
        cli.err().println();
        cli.err().println("Usage:  berth " + group);
        cli.err().println();
        cli.err().println("Run 'berth " + group + " --help' for more information");
        return ExitCodes.FAILURE;
      }
      return commandLine(cli, name, sub).execute(args);
    }
    return commandLine(cli, name).execute(args);
  }

  /**
   * The parser for one invocation. Only the command being run is registered: picocli builds its
   * model by reflection and its classes (Java 5 bytecode) cannot go into the AOT cache, so building
   * all eighteen models would cost more start-up time than anything else the CLI does.
   */
  public static CommandLine commandLine(Cli cli, Optional<String> command) {
    return commandLine(cli, command, Optional.empty());
  }

  /** As {@link #commandLine(Cli, Optional)}; for a group ({@code container}) also its subcommand {@code sub}. */
  public static CommandLine commandLine(Cli cli, Optional<String> command, Optional<String> sub) {
    CommandLine cl = new CommandLine(new Main(cli));
    command.flatMap(Commands::find).ifPresent(c -> {
      cl.addSubcommand(c.name(), c.factory().get());
      // docker's help layout: "Usage:  berth ps [OPTIONS]", the description, then "Options:"
      cl.getSubcommands().get(c.name()).getCommandSpec().usageMessage()
          .synopsisHeading("%nUsage:  ").descriptionHeading("%n").parameterListHeading("%n")
          .optionListHeading("%nOptions:%n").abbreviateSynopsis(false);
    });
    // docker parses global options only before the command, and for run/create everything after
    // the image (for exec: after the container) belongs to the container's command line.
    cl.setStopAtPositional(true);
    cl.getSubcommands().forEach((name, c) -> c.setStopAtPositional(stopsAtPositional(name)));
    String groupName = command.orElse("");
    if (sub.isPresent() && cl.getSubcommands().get(groupName) instanceof CommandLine group) {
      groupSubcommand(groupName, sub.get()).ifPresent(s -> {
        group.addSubcommand(sub.get(), s.factory().get());
        CommandLine c = group.getSubcommands().get(sub.get());
        var usage = c.getCommandSpec().usageMessage();
        String[] synopsis = usage.customSynopsis();
        // "berth ps [OPTIONS]" is "berth container ls [OPTIONS]" when called so
        if (synopsis.length > 0) {
          usage.customSynopsis(synopsis[0].replaceFirst("^berth (" + groupName + " )?\\S+", "berth " + groupName + " " + sub.get()));
        }
        usage.synopsisHeading("%nUsage:  ").descriptionHeading("%n").parameterListHeading("%n")
            .optionListHeading("%nOptions:%n").abbreviateSynopsis(false);
        c.setStopAtPositional(stopsAtPositional(sub.get()));
      });
    }
    cl.setOut(new java.io.PrintWriter(cli.out(), true));
    cl.setErr(new java.io.PrintWriter(cli.err(), true));
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      String name = c.getCommandSpec().qualifiedName(" ");
      String msg = ex.getMessage();
      boolean unknownFlag = ex instanceof CommandLine.UnmatchedArgumentException u && u.getUnmatched().stream().anyMatch(a -> a.startsWith("-"));
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !unknownFlag && c.getParent() == null) {
        cli.err().println("berth: unknown command: berth " + u.getUnmatched().getFirst());
        cli.err().println();
        cli.err().println("Run 'berth --help' for more information");
        return ExitCodes.FAILURE;
      }
      if (unknownFlag) {
        String flag = ((CommandLine.UnmatchedArgumentException) ex).getUnmatched().getFirst();
        cli.err().println("unknown " + (flag.startsWith("--") ? "flag: " : "shorthand flag: ") + flag);
      } else {
        cli.err().println("berth: " + msg);
      }
      cli.err().println();
      String[] synopsis = c.getCommandSpec().usageMessage().customSynopsis();
      cli.err().println("Usage:  " + (synopsis.length > 0 ? synopsis[0].strip() : name + " [OPTIONS]"));
      cli.err().println();
      cli.err().println("Run '" + name + " --help' for more information");
      // docker: flag errors are 125, missing arguments 1
      return unknownFlag || ex instanceof CommandLine.OverwrittenOptionException ? ExitCodes.RUN_FAILED : ExitCodes.FAILURE;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> ex instanceof InvalidFlagValue f
        ? reportFlagError(cli, c, f) : reportFailure(cli, ex));
    return cl;
  }

  /** A subcommand of the group {@code container}, {@code image}, {@code system} or {@code builder}. */
  private static Optional<io.berth.cli.command.ContainerCommand.Sub> groupSubcommand(String group, String sub) {
    return group.equals("image") ? io.berth.cli.command.ImageCommand.find(sub)
        : group.equals("system") ? io.berth.cli.command.SystemCommand.find(sub)
        : group.equals("builder") ? io.berth.cli.command.BuilderCommand.find(sub)
        : group.equals("registry") ? io.berth.cli.command.RegistryCommand.find(sub)
        : group.equals("network") ? io.berth.cli.command.NetworkCommand.find(sub)
        : group.equals("volume") ? io.berth.cli.command.VolumeCommand.find(sub)
        : io.berth.cli.command.ContainerCommand.find(sub);
  }

  /** pflag's report of a bad flag value: the error, the usage line, the help hint; 125. */
  private static int reportFlagError(Cli cli, CommandLine c, InvalidFlagValue e) {
    String[] synopsis = c.getCommandSpec().usageMessage().customSynopsis();
    String name = c.getCommandSpec().qualifiedName(" ");
    cli.err().println(e.getMessage());
    cli.err().println();
    cli.err().println("Usage:  " + (synopsis.length > 0 ? synopsis[0].strip() : name + " [OPTIONS]"));
    cli.err().println();
    cli.err().println("Run '" + name + " --help' for more information");
    return ExitCodes.RUN_FAILED;
  }

  /** Prints an error as docker does and returns its exit status. */
  public static int reportFailure(Cli cli, Exception ex) {
    switch (ex) {
      case EngineException e -> cli.err().println("Error response from daemon: " + e.getMessage());
      case DaemonUnreachableException e -> cli.err().println(e.getMessage());
      case CommandFailure e -> {
        if (!e.getMessage().isEmpty()) cli.err().println(e.getMessage());
        return e.exitCode();
      }
      case UncheckedIOException e -> cli.err().println(e.getMessage());
      case IllegalArgumentException e -> cli.err().println(e.getMessage());
      default -> {
        cli.err().println("Error: " + ex);
        if (cli.debug()) ex.printStackTrace(cli.err());
      }
    }
    if (cli.debug() && !(ex instanceof CommandFailure)) ex.printStackTrace(cli.err());
    return ExitCodes.FAILURE;
  }

  /** Commands whose options end at the first positional argument (the rest is the container's command). */
  private static boolean stopsAtPositional(String name) {
    return name.equals("run") || name.equals("create") || name.equals("top") || name.equals("exec");
  }
}
