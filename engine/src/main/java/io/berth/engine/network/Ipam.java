package io.berth.engine.network;

import io.berth.oci.errors.BerthException;
import java.util.Optional;
import java.util.Set;

/**
 * Address choice inside a network's pool, given the addresses in use. Serial like Docker's allocator:
 * the search starts after the last address handed out and wraps, so a just-freed address is not
 * given to the next container at once (stale ARP and conntrack entries would reach the wrong one).
 * The network address, the broadcast address and the gateway are never handed out.
 */
final class Ipam {
  private Ipam() {}

  /** The first free address after {@code last} in {@code pool} (within {@code subnet}). */
  static long next(Ipv4Subnet subnet, Ipv4Subnet pool, long gateway, Set<Long> taken, long last) {
    long first = pool.base();
    long end = pool.base() + pool.size() - 1;
    long size = end - first + 1;
    long start = last >= first && last < end ? last + 1 : first;
    for (long i = 0; i < size; i++) {
      long a = first + (start - first + i) % size;
      if (usable(subnet, a, gateway) && !taken.contains(a)) return a;
    }
    throw new BerthException.Unavailable("no available IPv4 addresses on this network's address pools: " + subnet, null);
  }

  /** Checks a requested address: inside the pool, not reserved, not taken. */
  static long requested(Ipv4Subnet subnet, Optional<Ipv4Subnet> pool, long gateway, Set<Long> taken, String ip) {
    long a;
    try {
      a = Ipv4Subnet.address(ip);
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid IPv4 address: %s", ip);
    }
    if (!pool.orElse(subnet).contains(a)) {
      throw BerthException.invalid("no configured subnet or ip-range contain the IP address %s", ip);
    }
    if (!usable(subnet, a, gateway) || taken.contains(a)) {
      throw BerthException.conflict("Address already in use");
    }
    return a;
  }

  private static boolean usable(Ipv4Subnet subnet, long a, long gateway) {
    if (a == gateway) return false;
    if (subnet.prefix() >= 31) return true;
    return a != subnet.base() && a != subnet.base() + subnet.size() - 1;
  }
}
