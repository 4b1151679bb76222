package io.berth.engine.network.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code iptables} command: rules are read back with {@code -S} (the form {@code iptables} itself
 * accepts again after {@code -D}), so Berth needs no state of its own to find the rules it made.
 */
final class Iptables {
  /** One {@code -A CHAIN args...} line of {@code iptables -S}, its arguments unquoted. */
  record Rule(String table, String chain, List<String> args) {
    Rule {
      args = List.copyOf(args);
    }

    /** The value of {@code -m comment --comment}, if the rule has one. */
    Optional<String> comment() {
      for (int i = 0; i + 1 < args.size(); i++) {
        if (args.get(i).equals("--comment")) return Optional.of(args.get(i + 1));
      }
      return Optional.empty();
    }

    /** The devices the rule names with {@code -i} or {@code -o} (negated or not). */
    Set<String> devices() {
      Set<String> out = new LinkedHashSet<>();
      for (int i = 0; i + 1 < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("-i") || a.equals("-o") || a.equals("--in-interface") || a.equals("--out-interface")) {
          out.add(args.get(i + 1));
        }
      }
      return out;
    }

    @Override public String toString() {
      return "-t " + table + " -A " + chain + " " + String.join(" ", args);
    }
  }

  /** A table's chains and rules. */
  record Dump(String table, Set<String> chains, List<Rule> rules) {
    List<Rule> in(String chain) {
      return rules.stream().filter(r -> r.chain().equals(chain)).toList();
    }
  }

  private final Path binary;

  Iptables(Path binary) {
    this.binary = binary;
  }

  Dump dump(String table) throws IOException {
    return parse(table, run(table, "-S"));
  }

  /** Runs {@code iptables -t table args}; its output, or an IOException with iptables' message. */
  String run(String table, String... args) throws IOException {
    Result r = exec(table, args);
    if (r.code != 0) throw new IOException(r.command + ": " + r.output.strip());
    return r.output;
  }

  /** Runs it and tells whether it succeeded (for steps another daemon may have done first). */
  boolean tryRun(String table, String... args) throws IOException {
    return exec(table, args).code == 0;
  }

  private record Result(String command, int code, String output) {}

  private Result exec(String table, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-w", "5", "-t", table));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    return new Result(String.join(" ", cmd), p.exitValue(), out);
  }

  /** Parses {@code iptables -S} output: {@code -N CHAIN}, {@code -P CHAIN POLICY}, {@code -A CHAIN ...}. */
  static Dump parse(String table, String output) {
    Set<String> chains = new LinkedHashSet<>();
    List<Rule> rules = new ArrayList<>();
    for (String line : output.split("\n")) {
      List<String> t = tokens(line);
      if (t.size() < 2) continue;
      switch (t.get(0)) {
        case "-P", "-N" -> chains.add(t.get(1));
        case "-A" -> rules.add(new Rule(table, t.get(1), t.subList(2, t.size())));
        default -> { }
      }
    }
    return new Dump(table, chains, rules);
  }

  /**
   * Splits a line as iptables quotes it: words separated by blanks, {@code "..."} around words with
   * blanks or quotes in them, {@code \"} and {@code \\} inside.
   */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) out.add(cur.toString());
        cur.setLength(0);
        inWord = false;
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) out.add(cur.toString());
    return out;
  }
}
