package io.berth.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker's {@code --env-file} and {@code -e} rules for {@code run}, {@code create} and {@code exec}: files first (blank lines and
 * {@code #} comments skipped), then the flags; {@code NAME=value} as is, a bare {@code NAME} takes
 * the client's value and is dropped when the client has none.
 */
final class EnvFiles {
  private EnvFiles() {}

  static List<String> read(List<Path> files, List<String> flags, Map<String, String> hostEnv) {
    var result = new ArrayList<String>();
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("open " + file + ": no such file or directory");
      }
      for (String line : lines) {
        String l = line.stripLeading();
        if (l.isEmpty() || l.startsWith("#")) continue;
        add(result, l, hostEnv);
      }
    }
    for (String e : flags) add(result, e, hostEnv);
    return result;
  }

  private static void add(List<String> out, String entry, Map<String, String> hostEnv) {
    if (entry.startsWith("=")) throw new IllegalArgumentException("invalid environment variable: " + entry);
    if (entry.contains("=")) out.add(entry);
    else if (hostEnv.containsKey(entry)) out.add(entry + "=" + hostEnv.get(entry));
  }
}
