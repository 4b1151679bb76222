package io.berth.cli.command;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonReader;
import io.berth.client.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the docker CLI does with {@code --security-opt} and {@code --sysctl} before sending them: a
 * {@code seccomp=<file>} is replaced by the file's JSON, compacted ({@code builtin} and
 * {@code unconfined} are names, not files); every option but {@code no-new-privileges} needs a value;
 * a sysctl must be {@code name=value} in a namespace the container owns.
 */
final class SecurityOpts {
  private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

  private SecurityOpts() {}

  static List<String> parse(List<String> opts) {
    List<String> out = new ArrayList<>();
    for (String opt : opts) {
      int eq = opt.indexOf('=');
      String key = eq >= 0 ? opt.substring(0, eq) : opt;
      String value = eq >= 0 ? opt.substring(eq + 1) : "";
      if (eq < 0 && !key.equals("no-new-privileges")) {
        int colon = opt.indexOf(':');
        if (colon >= 0) {
          key = opt.substring(0, colon);
          value = opt.substring(colon + 1);
          eq = colon;
        }
      }
      if ((eq < 0 || value.isEmpty()) && !key.equals("no-new-privileges")) {
        throw new IllegalArgumentException("Invalid --security-opt: \"" + opt + "\"");
      }
      if (key.equals("seccomp") && !value.equals("builtin") && !value.equals("unconfined")) {
        out.add("seccomp=" + profile(value));
      } else {
        out.add(opt);
      }
    }
    return out;
  }

  /** The profile file's JSON, compacted (docker sends the content, not the path: the daemon may be elsewhere). */
  private static String profile(String file) {
    byte[] data;
    try {
      data = Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: open " + file
          + ": no such file or directory");
    } catch (IOException e) {
      throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: " + e.getMessage());
    }
    try {
      return JsonWriter.write(JsonReader.parse(data));
    } catch (JsonException e) {
      throw new IllegalArgumentException("compacting json for seccomp profile (" + file + ") failed: " + e.getMessage());
    }
  }

  /** {@code name=value} pairs, checked as docker's CLI does ({@code opts.ValidateSysctl}). */
  static Map<String, String> sysctls(List<String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      String name = eq < 0 ? v : v.substring(0, eq);
      boolean allowed = eq > 0 && (IPC_SYSCTLS.contains(name) || name.startsWith("fs.mqueue.") || name.startsWith("net."));
      if (!allowed) {
        throw new IllegalArgumentException("invalid argument \"" + v + "\" for \"--sysctl\" flag: sysctl '" + v
            + "' is not allowed");
      }
      out.put(name, v.substring(eq + 1));
    }
    return out;
  }
}
