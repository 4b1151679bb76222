package io.berth.engine.network;

import io.berth.oci.errors.BerthException;

/** An IPv4 subnet in CIDR form; {@code base} is the network address as an unsigned 32-bit value. */
public record Ipv4Subnet(long base, int prefix) {
  public Ipv4Subnet {
    if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix out of range: " + prefix);
    base = base & mask(prefix);
  }

  public static Ipv4Subnet parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) throw BerthException.invalid("invalid CIDR address: %s", cidr);
    try {
      return new Ipv4Subnet(address(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid CIDR address: %s", cidr);
    }
  }

  /** {@code a.b.c.d} as an unsigned 32-bit value. */
  public static long address(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    long v = 0;
    for (String octet : p) {
      int o = Integer.parseInt(octet);
      if (o < 0 || o > 255) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
      v = (v << 8) | o;
    }
    return v;
  }

  /** An unsigned 32-bit value as {@code a.b.c.d}. */
  public static String dotted(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public boolean overlaps(Ipv4Subnet o) {
    int p = Math.min(prefix, o.prefix);
    return (base & mask(p)) == (o.base & mask(p));
  }

  /** How many addresses the subnet spans. */
  public long size() { return 1L << (32 - prefix); }

  /** Whether {@code a} (unsigned 32-bit) is inside the subnet. */
  public boolean contains(long a) { return (a & mask(prefix)) == base; }

  /** Whether {@code inner} lies wholly inside this subnet. */
  public boolean containsSubnet(Ipv4Subnet inner) { return inner.prefix >= prefix && contains(inner.base); }

  /** The first host address, which Docker gives the bridge (the gateway). */
  public String gateway() { return dotted(base + 1); }

  @Override public String toString() { return dotted(base) + "/" + prefix; }
}
