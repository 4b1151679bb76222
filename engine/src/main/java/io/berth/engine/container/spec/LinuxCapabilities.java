package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capability names and Docker's {@code --cap-add}/{@code --cap-drop}/{@code --privileged} rules.
 * Names are always in {@code CAP_*} form; inputs may omit the prefix and use any case, as with Docker.
 */
public final class LinuxCapabilities {
  private LinuxCapabilities() {}

  /** Every capability the kernel knows, indexed by its bit number (capability.h, Linux 5.9+). */
  public static final List<String> ALL = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
      "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
      "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  /** Docker's default set, in Docker's order. */
  public static final List<String> DEFAULT = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");

  private static final String ALL_KEYWORD = "ALL";

  /** The capabilities whose bits are set in {@code mask} (as in {@code CapBnd} of /proc/self/status). */
  public static Set<String> fromMask(long mask) {
    Set<String> caps = new LinkedHashSet<>();
    for (int bit = 0; bit < ALL.size(); bit++) {
      if ((mask & (1L << bit)) != 0) caps.add(ALL.get(bit));
    }
    return caps;
  }

  /** The bit mask of {@code caps} (the inverse of {@link #fromMask}). */
  public static long toMask(Iterable<String> caps) {
    long mask = 0;
    for (String c : caps) {
      int bit = ALL.indexOf(c);
      if (bit < 0) throw BerthException.invalid("unknown capability: \"%s\"", c);
      mask |= 1L << bit;
    }
    return mask;
  }

  /** {@code sys_admin}, {@code CAP_SYS_ADMIN} → {@code CAP_SYS_ADMIN}; {@code all} → {@code ALL}. */
  public static String normalize(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals(ALL_KEYWORD)) return upper;
    String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    if (!ALL.contains(full)) throw BerthException.invalid("unknown capability: \"%s\"", full);
    return full;
  }

  /**
   * The capability list of a container, Docker's rules: privileged → all; {@code ALL} in add → all but
   * the dropped; {@code ALL} in drop → only the added; otherwise the defaults minus drops plus adds.
   * The result is limited to {@code hostBounding}: a runtime cannot grant more than it has (on hosts
   * without {@code CAP_SYS_RESOURCE} asking for it fails container creation). Explicitly adding a
   * capability the host lacks is an error, as in Docker.
   *
   * @throws BerthException.InvalidArgument for unknown names or an unavailable explicitly added one
   */
  public static List<String> compute(List<String> capAdd, List<String> capDrop, boolean privileged,
      Set<String> hostBounding) {
    List<String> adds = capAdd.stream().map(LinuxCapabilities::normalize).toList();
    List<String> drops = capDrop.stream().map(LinuxCapabilities::normalize).toList();
    for (String add : adds) {
      if (!add.equals(ALL_KEYWORD) && !hostBounding.contains(add)) {
        throw BerthException.invalid(
            "capability not supported by your kernel or not available in the current environment: \"%s\"", add);
      }
    }
    Set<String> caps = new LinkedHashSet<>();
    if (privileged || adds.contains(ALL_KEYWORD)) {
      for (String c : ALL) if (privileged || !drops.contains(c)) caps.add(c);
    } else if (drops.contains(ALL_KEYWORD)) {
      caps.addAll(adds);
    } else {
      for (String c : DEFAULT) if (!drops.contains(c)) caps.add(c);
      caps.addAll(adds);
    }
    List<String> result = new ArrayList<>(caps);
    result.retainAll(hostBounding);
    return List.copyOf(result);
  }
}
