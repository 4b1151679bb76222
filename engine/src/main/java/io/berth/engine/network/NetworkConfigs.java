package io.berth.engine.network;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks and choices of {@code network create}: the driver options berthd understands and the
 * network's addressing (subnet, gateway, ip range), with Docker's error texts.
 */
final class NetworkConfigs {
  private NetworkConfigs() {}

  /** The bridge driver options berthd acts on; others are refused rather than silently ignored. */
  private static final Set<String> OPTIONS = Set.of("com.docker.network.bridge.name",
      "com.docker.network.bridge.enable_ip_masquerade", "com.docker.network.bridge.enable_icc",
      "com.docker.network.driver.mtu", "com.docker.network.bridge.host_binding_ipv4",
      "com.docker.network.container_iface_prefix");

  static void validateOptions(Map<String, String> options) {
    for (var e : options.entrySet()) {
      if (!OPTIONS.contains(e.getKey())) {
        throw BerthException.invalid("unsupported network option %s (supported: %s)", e.getKey(),
            String.join(", ", OPTIONS.stream().sorted().toList()));
      }
    }
    String name = options.get("com.docker.network.bridge.name");
    if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}")) {
      throw BerthException.invalid("invalid bridge name %s: 1 to 15 characters of [a-zA-Z0-9_.-]", name);
    }
    String mtu = options.get("com.docker.network.driver.mtu");
    if (mtu != null) {
      try {
        int m = Integer.parseInt(mtu);
        if (m < 68 || m > 65535) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid MTU %s: a number from 68 to 65535", mtu);
      }
    }
    for (String bool : List.of("com.docker.network.bridge.enable_ip_masquerade", "com.docker.network.bridge.enable_icc")) {
      String v = options.get(bool);
      if (v != null && !v.equals("true") && !v.equals("false")) {
        throw BerthException.invalid("invalid value %s for %s: true or false", v, bool);
      }
    }
    if ("false".equals(options.get("com.docker.network.bridge.enable_icc"))) {
      throw BerthException.invalid("com.docker.network.bridge.enable_icc=false is not supported yet");
    }
  }

  record Addressing(Ipv4Subnet subnet, String gateway, Optional<Ipv4Subnet> ipRange) {}

  /** The subnet (given, or the first free default pool), gateway and ip range of a new network. */
  static Addressing addressing(NetworkService.CreateRequest req, List<Network> existing,
      Supplier<List<Ipv4Subnet>> hostRoutes) {
    List<Ipv4Subnet> ours = new ArrayList<>();
    for (Network n : existing) n.subnet().ifPresent(ours::add);
    Ipv4Subnet subnet;
    if (req.subnet().isPresent()) {
      subnet = cidr(req.subnet().get());
      if (subnet.prefix() > 30) throw BerthException.invalid("invalid subnet %s: too small (at most /30)", subnet);
      for (Ipv4Subnet o : ours) {
        if (o.overlaps(subnet)) {
          throw new BerthException.Forbidden("invalid pool request: Pool overlaps with other one on this address space");
        }
      }
    } else {
      if (req.gateway().isPresent() || req.ipRange().isPresent()) {
        throw BerthException.invalid("invalid network config: --gateway and --ip-range need --subnet");
      }
      List<Ipv4Subnet> taken = new ArrayList<>(ours);
      taken.addAll(hostRoutes.get());
      try {
        subnet = PredefinedNetworks.chooseSubnet(taken);
      } catch (IllegalStateException e) {
        throw new BerthException.Forbidden(
            "all predefined address pools have been fully subnetted");
      }
    }
    String gateway = subnet.gateway();
    if (req.gateway().isPresent()) {
      String g = req.gateway().get();
      long a;
      try {
        a = Ipv4Subnet.address(g);
      } catch (IllegalArgumentException e) {
        throw BerthException.invalid("invalid gateway address %s", g);
      }
      if (!subnet.contains(a)) throw BerthException.invalid("no matching subnet for gateway %s", g);
      if (a == subnet.base() || a == subnet.base() + subnet.size() - 1) {
        throw BerthException.invalid("invalid gateway address %s: the subnet's network or broadcast address", g);
      }
      gateway = Ipv4Subnet.dotted(a);
    }
    Optional<Ipv4Subnet> range = Optional.empty();
    if (req.ipRange().isPresent()) {
      Ipv4Subnet r = cidr(req.ipRange().get());
      if (!subnet.containsSubnet(r)) throw BerthException.invalid("no matching subnet for range %s", req.ipRange().get());
      range = Optional.of(r);
    }
    return new Addressing(subnet, gateway, range);
  }

  private static Ipv4Subnet cidr(String s) {
    Ipv4Subnet parsed = Ipv4Subnet.parse(s);
    // Docker refuses 10.1.2.3/16: the address must be the network's own.
    if (Ipv4Subnet.address(s.substring(0, s.indexOf('/'))) != parsed.base()) {
      throw BerthException.invalid("invalid subnet %s: it should be %s", s, parsed);
    }
    return parsed;
  }
}
