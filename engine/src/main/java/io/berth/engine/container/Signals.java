package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.util.Locale;
import java.util.Map;

/** Linux (x86_64) signal names and numbers, parsed as docker does: "SIGTERM", "TERM", "15", "SIGRTMIN+3". */
public final class Signals {
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;

  private static final Map<String, Integer> BY_NAME = Map.ofEntries(
      Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
      Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
      Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
      Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
      Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
      Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
      Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
      Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
      Map.entry("SYS", 31));
  private static final int SIGRTMIN = 34;
  private static final int SIGRTMAX = 64;

  private Signals() {}

  /** Parses a signal; an unknown one is Docker's 400 "Invalid signal: X". */
  public static int parse(String raw) {
    String s = raw.trim().toUpperCase(Locale.ROOT);
    if (s.isEmpty()) throw BerthException.invalid("Invalid signal: %s", raw);
    if (s.chars().allMatch(Character::isDigit)) {
      int n = Integer.parseInt(s.length() > 3 ? "999" : s);
      if (n < 1 || n > SIGRTMAX) throw BerthException.invalid("Invalid signal: %s", raw);
      return n;
    }
    if (s.startsWith("SIG")) s = s.substring(3);
    Integer n = BY_NAME.get(s);
    if (n != null) return n;
    try {
      if (s.startsWith("RTMIN+")) return checkRt(SIGRTMIN + Integer.parseInt(s.substring(6)), raw);
      if (s.startsWith("RTMAX-")) return checkRt(SIGRTMAX - Integer.parseInt(s.substring(6)), raw);
      if (s.equals("RTMIN")) return SIGRTMIN;
      if (s.equals("RTMAX")) return SIGRTMAX;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw BerthException.invalid("Invalid signal: %s", raw);
  }

  private static int checkRt(int n, String raw) {
    if (n < SIGRTMIN || n > SIGRTMAX) throw BerthException.invalid("Invalid signal: %s", raw);
    return n;
  }
}
