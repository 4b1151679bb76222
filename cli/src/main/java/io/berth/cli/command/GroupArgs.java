package io.berth.cli.command;

import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument and flag checks the management groups ({@code network}, {@code volume}) share, with
 * docker's texts and exit statuses.
 */
final class GroupArgs {
  private GroupArgs() {}

  /**
   * docker's argument-count errors (cobra's {@code cli.ExactArgs}, {@code RequiresMinArgs},
   * {@code RequiresMaxArgs}, {@code NoArgs}): "berth: 'berth GROUP X' requires ...", the usage line,
   * the help hint; status 1.
   */
  static void check(String group, String sub, String usage, List<String> args, int min, int max) {
    if (args.size() >= min && args.size() <= max) return;
    String cmd = "berth " + group + " " + sub;
    String what;
    String hint = "Run";
    if (max == 0) {
      what = "accepts no arguments";
    } else if (min == max) {
      what = "requires " + min + " argument" + (min == 1 ? "" : "s");
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
  static Map<String, List<String>> filters(String group, String sub, String usage, String flag, List<String> values) {
    var m = new LinkedHashMap<String, List<String>>();
    for (String f : values) {
      if (f.isEmpty()) continue;
      int eq = f.indexOf('=');
      if (eq < 0) {
        String cmd = "berth " + group + " " + sub;
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
