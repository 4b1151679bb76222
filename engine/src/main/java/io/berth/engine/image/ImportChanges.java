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
 * accept (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), applied
 * to an image's container config. Exec form is a JSON array; shell form runs under
 * {@code /bin/sh -c}, as in a Dockerfile.
 */
public final class ImportChanges {
  private static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD",
      "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

  private ImportChanges() {}

  public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
    ContainerConfig.Builder b = base.toBuilder();
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : base.env()) env.put(e.split("=", 2)[0], e);
    List<String> onBuild = new ArrayList<>(base.onBuild());
    for (String change : changes) {
      String line = change.strip();
      if (line.isEmpty()) continue;
      int sp = line.indexOf(' ');
      String word = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
      String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
      if (!ALLOWED.contains(word)) {
        throw BerthException.invalid("%s is not a valid change command", word);
      }
      if (rest.isEmpty()) throw BerthException.invalid("%s requires at least one argument", word);
      switch (word) {
        case "CMD" -> b.cmd(Optional.of(command(rest)));
        case "ENTRYPOINT" -> b.entrypoint(Optional.of(command(rest)));
        case "ENV" -> envPairs(rest).forEach((k, v) -> env.put(k, k + "=" + v));
        case "EXPOSE" -> {
          for (String p : rest.split("\\s+")) b.exposedPort(p.contains("/") ? p : p + "/tcp");
        }
        case "LABEL" -> envPairs(rest).forEach(b::label);
        case "ONBUILD" -> onBuild.add(rest);
        case "STOPSIGNAL" -> b.stopSignal(rest);
        case "USER" -> b.user(rest);
        case "VOLUME" -> {
          for (String v : rest.startsWith("[") ? jsonArray(rest) : List.of(rest.split("\\s+"))) b.volume(v);
        }
        case "WORKDIR" -> b.workingDir(rest);
        default -> throw new IllegalStateException(word);
      }
    }
    b.env(List.copyOf(env.values()));
    b.onBuild(onBuild);
    return b.build();
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
