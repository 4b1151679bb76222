package io.berth.engine.image;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Dockerfile instructions {@code docker import --change} and {@code docker commit --change}
 * accept (CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME,
 * WORKDIR), applied to an image's container config as a Dockerfile would: exec form is a JSON
 * array, shell form runs under {@code /bin/sh -c}; an ENTRYPOINT clears the command unless a CMD
 * came before it; a relative WORKDIR is taken from the current one. The changes are one Dockerfile
 * (each may hold several lines; {@code #} comments and {@code \} continuations work), and every
 * instruction is checked before any is applied, with dockerd's messages ({@code "foo is not a valid
 * change command"}).
 */
public final class ImportChanges {
  private static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL",
      "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

  private ImportChanges() {}

  public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
    List<String> lines = lines(changes);
    for (String line : lines) {
      String word = firstWord(line);
      // dockerd's parser lower-cases the instruction before this check
      if (!ALLOWED.contains(word.toUpperCase(Locale.ROOT))) {
        throw BerthException.invalid("%s is not a valid change command", word.toLowerCase(Locale.ROOT));
      }
    }
    ContainerConfig.Builder b = base.toBuilder();
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : base.env()) env.put(e.split("=", 2)[0], e);
    List<String> onBuild = new ArrayList<>(base.onBuild());
    String workingDir = base.workingDir().orElse("");
    boolean cmdSet = false;
    for (String line : lines) {
      String word = firstWord(line).toUpperCase(Locale.ROOT);
      String rest = line.substring(firstWord(line).length()).strip();
      if (rest.isEmpty()) throw BerthException.invalid("%s requires at least one argument", word);
      switch (word) {
        case "CMD" -> {
          b.cmd(Optional.of(command(rest)));
          cmdSet = true;
        }
        case "ENTRYPOINT" -> {
          b.entrypoint(Optional.of(command(rest)));
          if (!cmdSet) b.cmd(Optional.empty());
        }
        case "ENV" -> envPairs(rest).forEach((k, v) -> env.put(k, k + "=" + v));
        case "EXPOSE" -> {
          for (String p : rest.split("\\s+")) b.exposedPort(exposedPort(p));
        }
        case "HEALTHCHECK" -> b.healthcheck(Optional.of(HealthcheckChange.parse(rest)));
        case "LABEL" -> envPairs(rest).forEach(b::label);
        case "ONBUILD" -> onBuild.add(rest);
        case "STOPSIGNAL" -> b.stopSignal(rest);
        case "USER" -> b.user(rest);
        case "VOLUME" -> {
          for (String v : rest.startsWith("[") ? jsonArray(rest) : List.of(rest.split("\\s+"))) b.volume(v);
        }
        case "WORKDIR" -> {
          workingDir = workdir(workingDir, rest);
          b.workingDir(workingDir);
        }
        default -> throw new IllegalStateException(word);
      }
    }
    b.env(List.copyOf(env.values()));
    b.onBuild(onBuild);
    return b.build();
  }

  /** The logical lines of the changes joined as one Dockerfile: no blanks, no comments, continuations joined. */
  static List<String> lines(List<String> changes) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String raw : String.join("\n", changes).split("\n", -1)) {
      String line = raw.stripTrailing();
      if (cur.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) continue;
      if (line.endsWith("\\")) {
        cur.append(line, 0, line.length() - 1);
        continue;
      }
      cur.append(line);
      if (!cur.toString().isBlank()) out.add(cur.toString().strip());
      cur.setLength(0);
    }
    if (!cur.toString().isBlank()) out.add(cur.toString().strip());
    return out;
  }

  private static String firstWord(String line) {
    int sp = 0;
    while (sp < line.length() && !Character.isWhitespace(line.charAt(sp))) sp++;
    return line.substring(0, sp);
  }

  /** Dockerfile's WORKDIR: a relative path continues the current directory. */
  static String workdir(String current, String dir) {
    String joined = dir.startsWith("/") ? dir : (current.isEmpty() ? "/" : current) + "/" + dir;
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String c : joined.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) parts.pollLast();
      else parts.addLast(c);
    }
    return "/" + String.join("/", parts);
  }

  /** {@code 80}, {@code 80/udp}, {@code 8000-8010/tcp}: dockerd refuses anything else. */
  private static String exposedPort(String p) {
    int slash = p.indexOf('/');
    String port = slash < 0 ? p : p.substring(0, slash);
    String proto = slash < 0 ? "tcp" : p.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (!port.matches("\\d+(-\\d+)?")) throw BerthException.invalid("Invalid containerPort: %s", port);
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw BerthException.invalid("invalid proto: %s", proto);
    }
    return port + "/" + proto;
  }

  private static List<String> command(String rest) {
    if (rest.startsWith("[")) {
      try {
        return jsonArray(rest);
      } catch (BerthException e) {
        // Docker falls back to shell form when the JSON does not parse.
      }
    }
    return List.of("/bin/sh", "-c", rest);
  }

  private static List<String> jsonArray(String s) {
    try {
      return Json.mapper().readValue(s, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw BerthException.invalid("invalid JSON array: %s", s);
    }
  }

  /** {@code k=v k2="v 2"} or the legacy {@code k v with spaces}. */
  static Map<String, String> envPairs(String rest) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!rest.contains("=") || rest.indexOf(' ') >= 0 && rest.indexOf(' ') < rest.indexOf('=')) {
      int sp = rest.indexOf(' ');
      if (sp < 0) throw BerthException.invalid("ENV names can not be blank: %s", rest);
      out.put(rest.substring(0, sp), rest.substring(sp + 1).strip());
      return out;
    }
    for (String word : words(rest)) {
      int eq = word.indexOf('=');
      if (eq <= 0) throw BerthException.invalid("invalid key=value pair: %s", word);
      out.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return out;
  }

  /** Splits on spaces outside quotes and drops the quotes (Dockerfile word rules, simplified). */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < s.length()) cur.append(s.charAt(++i));
        else cur.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        if (!cur.isEmpty()) out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quote != 0) throw BerthException.invalid("unmatched quote in: %s", s);
    if (!cur.isEmpty()) out.add(cur.toString());
    return out;
  }
}
