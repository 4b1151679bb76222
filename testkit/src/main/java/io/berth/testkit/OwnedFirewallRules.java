package io.berth.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The iptables rules a test daemon made: berthd tags each rule with {@code berth:<owner>:<network>}
 * (owner: the first 12 hex digits of its engine ID). The default bridge's rules stay when berthd
 * stops, like docker0's; a test daemon's must not pile up on the host, so they are deleted here.
 */
final class OwnedFirewallRules {
  private OwnedFirewallRules() {}

  /** The owner tag of the daemon whose data root is {@code dataRoot}, if it has an engine ID yet. */
  static String owner(Path dataRoot) {
    try {
      return Files.readString(dataRoot.resolve("engine-id")).trim().replace("-", "").substring(0, 12);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Deletes the owner's rules from the filter and nat tables; returns the ones that would not go. */
  static List<String> remove(String owner) {
    List<String> left = new ArrayList<>();
    if (owner.isEmpty()) return left;
    for (String table : List.of("filter", "nat")) {
      for (String rule : rules(table, owner)) {
        List<String> args = new ArrayList<>(List.of("iptables", "-t", table));
        List<String> words = words(rule);
        words.set(0, "-D");
        args.addAll(words);
        if (run(args).isEmpty()) left.add(table + ": " + rule);
      }
    }
    return left;
  }

  /** The owner's rules still present ({@code -A ...} lines). */
  static List<String> rules(String table, String owner) {
    return run(List.of("iptables", "-t", table, "-S")).map(out -> out.lines()
        .filter(l -> l.startsWith("-A ") && l.contains("berth:" + owner + ":")).toList()).orElse(List.of());
  }

  /** Splits an {@code iptables -S} line into arguments; double quotes group words. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
        any = true;
      } else if (ch == ' ' && !quoted) {
        if (any) out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(ch);
        any = true;
      }
    }
    if (any) out.add(cur.toString());
    return out;
  }

  private static java.util.Optional<String> run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return java.util.Optional.empty();
      }
      return p.exitValue() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }
}
