package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Rlimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --ulimit}: Docker's names mapped to {@code RLIMIT_*}, checked against what the runtime can
 * set. runc sets rlimits with setrlimit(2) as root but, without {@code CAP_SYS_RESOURCE} (absent on
 * some hosts, see HOST-NOTES), cannot raise a hard limit above its own; the container would then fail
 * at start with "error setting rlimit type 7". Such a request is refused at create with a message that
 * says why, instead.
 */
public final class Ulimits {
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("core", "RLIMIT_CORE"), Map.entry("cpu", "RLIMIT_CPU"), Map.entry("data", "RLIMIT_DATA"),
      Map.entry("fsize", "RLIMIT_FSIZE"), Map.entry("locks", "RLIMIT_LOCKS"), Map.entry("memlock", "RLIMIT_MEMLOCK"),
      Map.entry("msgqueue", "RLIMIT_MSGQUEUE"), Map.entry("nice", "RLIMIT_NICE"), Map.entry("nofile", "RLIMIT_NOFILE"),
      Map.entry("nproc", "RLIMIT_NPROC"), Map.entry("rss", "RLIMIT_RSS"), Map.entry("rtprio", "RLIMIT_RTPRIO"),
      Map.entry("rttime", "RLIMIT_RTTIME"), Map.entry("sigpending", "RLIMIT_SIGPENDING"),
      Map.entry("stack", "RLIMIT_STACK"));

  /** /proc/self/limits' row titles for the limits above. */
  private static final Map<String, String> PROC_TITLES = Map.ofEntries(
      Map.entry("Max core file size", "core"), Map.entry("Max cpu time", "cpu"), Map.entry("Max data size", "data"),
      Map.entry("Max file size", "fsize"), Map.entry("Max file locks", "locks"),
      Map.entry("Max locked memory", "memlock"), Map.entry("Max msgqueue size", "msgqueue"),
      Map.entry("Max nice priority", "nice"), Map.entry("Max open files", "nofile"),
      Map.entry("Max processes", "nproc"), Map.entry("Max resident set", "rss"),
      Map.entry("Max realtime priority", "rtprio"), Map.entry("Max realtime timeout", "rttime"),
      Map.entry("Max pending signals", "sigpending"), Map.entry("Max stack size", "stack"));

  private Ulimits() {}

  /**
   * Checks {@code ulimits}: known names, soft ≤ hard, and (unless {@code canRaise}) hard limits within
   * {@code hostHard} (name → hard limit; absent = unlimited).
   */
  public static void validate(List<ResourceLimits.Ulimit> ulimits, Map<String, Long> hostHard, boolean canRaise) {
    for (var u : ulimits) {
      if (!NAMES.containsKey(u.name())) throw BerthException.invalid("invalid ulimit type: %s", u.name());
      if (u.soft() < -1 || u.hard() < -1) throw BerthException.invalid("invalid ulimit %s: negative value", u.name());
      if (unsigned(u.soft()) > unsigned(u.hard())) {
        throw BerthException.invalid("ulimit soft limit must be less than or equal to hard limit: %d > %d", u.soft(), u.hard());
      }
      Long host = hostHard.get(u.name());
      if (!canRaise && host != null && unsigned(u.hard()) > host) {
        throw BerthException.invalid("ulimit %s: hard limit %s is above the host's hard limit %d, which the runtime "
            + "cannot raise without CAP_SYS_RESOURCE", u.name(), u.hard() == -1 ? "unlimited" : u.hard(), host);
      }
    }
  }

  /** The OCI rlimits; -1 (unlimited) becomes the largest value the spec model carries. */
  public static List<Rlimit> toRlimits(List<ResourceLimits.Ulimit> ulimits) {
    return ulimits.stream().map(u -> new Rlimit(NAMES.get(u.name()), unsigned(u.hard()), unsigned(u.soft()))).toList();
  }

  private static long unsigned(long v) {
    return v == -1 ? Long.MAX_VALUE : v;
  }

  /** This process's hard limits by Docker name, from /proc/self/limits; unlimited ones are absent. */
  public static Map<String, Long> hostHardLimits() {
    try {
      return parseProcLimits(Files.readString(Path.of("/proc/self/limits")));
    } catch (IOException e) {
      return Map.of();
    }
  }

  static Map<String, Long> parseProcLimits(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.lines().toList()) {
      for (var e : PROC_TITLES.entrySet()) {
        if (!line.startsWith(e.getKey() + " ")) continue;
        String[] cols = line.substring(e.getKey().length()).trim().split("\\s+");
        if (cols.length >= 2) parse(cols[1]).ifPresent(v -> out.put(e.getValue(), v));
      }
    }
    return out;
  }

  private static Optional<Long> parse(String s) {
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException unlimited) {
      return Optional.empty();
    }
  }
}
