package io.berth.cli.command;

import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import java.util.ArrayList;
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

  /**
   * docker's argument-count errors (cobra's {@code cli.ExactArgs}, {@code RequiresMinArgs},
   * {@code RequiresMaxArgs}, {@code NoArgs}): "berth: 'berth volume X' requires ...", the usage
   * line, the help hint; status 1.
   */
  static void checkArgs(String sub, String usage, List<String> args, int min, int max) {
    if (args.size() >= min && args.size() <= max) return;
    String cmd = "berth volume " + sub;
    String what;
    String hint = "Run";
    if (max == 0) {
      what = "accepts no arguments";
    } else if (args.size() > max) {
      what = "requires at most " + max + " argument" + (max == 1 ? "" : "s");
      hint = "See";
    } else {
      what = "requires at least " + min + " argument" + (min == 1 ? "" : "s");
      hint = "See";
    }
    throw new CommandFailure(ExitCodes.FAILURE, "berth: '" + cmd + "' " + what + "\n\nUsage:  " + cmd + " " + usage
        + "\n\n" + hint + " '" + cmd + " --help' for more information");
  }

  /** docker's {@code FilterOpt} for a flag named {@code flag}: "name=value"; else a flag error (125). */
  static Map<String, List<String>> filters(String sub, String usage, String flag, List<String> values) {
    var m = new LinkedHashMap<String, List<String>>();
    for (String f : values) {
      if (f.isEmpty()) continue;
      int eq = f.indexOf('=');
      if (eq < 0) {
        String cmd = "berth volume " + sub;
        throw new CommandFailure(ExitCodes.RUN_FAILED, "invalid argument \"" + f + "\" for \"" + flag + "\" flag: "
            + "bad format of filter (expected name=value)\n\nUsage:  " + cmd + " " + usage + "\n\nRun '" + cmd
            + " --help' for more information");
      }
      m.computeIfAbsent(f.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(f.substring(eq + 1).strip());
    }
    return m;
  }
}
