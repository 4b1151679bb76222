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

  /**
   * docker's argument-count errors (cobra's {@code cli.ExactArgs}, {@code RequiresMinArgs},
   * {@code NoArgs}): "berth: 'berth network X' requires ...", the usage line, the help hint; status 1.
   */
  static void checkArgs(String sub, String usage, List<String> args, int min, int max) {
    if (args.size() >= min && args.size() <= max) return;
    String cmd = "berth network " + sub;
    String what;
    String hint = "Run";
    if (max == 0) {
      what = "accepts no arguments";
    } else if (min == max) {
      what = "requires " + min + " argument" + (min == 1 ? "" : "s");
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
        String cmd = "berth network " + sub;
        throw new CommandFailure(ExitCodes.RUN_FAILED, "invalid argument \"" + f + "\" for \"" + flag + "\" flag: "
            + "bad format of filter (expected name=value)\n\nUsage:  " + cmd + " " + usage + "\n\nRun '" + cmd
            + " --help' for more information");
      }
      m.computeIfAbsent(f.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(f.substring(eq + 1).strip());
    }
    return m;
  }

  /** "key=value" items of a map flag ({@code -o}, {@code --driver-opt}); a bare key is "". */
  static Map<String, String> keyValues(List<String> values) {
    var m = new LinkedHashMap<String, String>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq < 0) m.put(v, "");
      else m.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return m;
  }
}
