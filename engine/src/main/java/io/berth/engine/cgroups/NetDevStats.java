package io.berth.engine.cgroups;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-interface network counters of a container, from {@code /proc/<pid>/net/dev} (the counters of
 * the network namespace that process is in). Docker lists only the container's endpoint interfaces
 * (eth0, eth1, ...: libnetwork's sandbox statistics), so loopback and the fallback tunnel devices
 * the kernel puts in every namespace once their module is loaded (tunl0, sit0, ...) are left out.
 * Stateless.
 */
public final class NetDevStats {
  private static final Set<String> NOT_ENDPOINTS = Set.of("lo", "tunl0", "sit0", "ip6tnl0", "ip6gre0", "gre0",
      "gretap0", "erspan0", "ip_vti0", "ip6_vti0", "ip6erspan0");

  private NetDevStats() {}

  /** One interface's counters, named as Docker's NetworkStats. */
  public record Iface(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
      long txErrors, long txDropped) {}

  /** The interfaces of {@code pid}'s network namespace, by name (sorted); empty when the process is gone. */
  public static Map<String, Iface> read(Path proc, int pid) {
    try {
      return parse(Files.readString(proc.resolve(Integer.toString(pid)).resolve("net/dev")));
    } catch (NoSuchFileException gone) {
      return Map.of();
    } catch (IOException e) {
      throw BerthException.internal("cannot read the network counters of pid " + pid + ": " + e.getMessage(), e);
    }
  }

  /**
   * A net/dev text: two header lines, then {@code name: rx bytes packets errs drop fifo frame
   * compressed multicast, tx bytes packets errs drop fifo colls carrier compressed}. A large
   * counter can touch the colon, so the name is cut at the colon rather than at a space.
   */
  public static Map<String, Iface> parse(String text) {
    Map<String, Iface> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) continue;
      String name = line.substring(0, colon).trim();
      if (name.isEmpty() || NOT_ENDPOINTS.contains(name)) continue;
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length < 16) continue;
      try {
        out.put(name, new Iface(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]),
            Long.parseUnsignedLong(f[2]), Long.parseUnsignedLong(f[3]), Long.parseUnsignedLong(f[8]),
            Long.parseUnsignedLong(f[9]), Long.parseUnsignedLong(f[10]), Long.parseUnsignedLong(f[11])));
      } catch (NumberFormatException e) {
        // not a counter line
      }
    }
    return out;
  }
}
