package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.InvalidFlagValue;
import io.berth.client.NetworkClient;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.client.model.NetworkResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth network create}: docker's flags and client-side checks (the subnet/range/gateway
 * pairing of docker's {@code createIPAMConfig}); prints the new network's ID. IPv6 and drivers
 * other than bridge are sent as asked and refused by berthd with its message.
 */
@Command(name = "create", customSynopsis = "berth network create [OPTIONS] NETWORK", description = "Create a network")
public final class NetworkCreateCommand extends BerthCommand {
  @Option(names = "--attachable", description = "Enable manual container attachment") boolean attachable;
  @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network (default \"bridge\")") String driver = "bridge";
  @Option(names = "--gateway", split = ",", description = "IPv4 or IPv6 Gateway for the master subnet") List<String> gateways = new ArrayList<>();
  @Option(names = "--internal", description = "Restrict external access to the network") boolean internal;
  @Option(names = "--ip-range", split = ",", description = "Allocate container ip from a sub-range") List<String> ipRanges = new ArrayList<>();
  @Option(names = "--ipam-driver", description = "IP Address Management Driver (default \"default\")") String ipamDriver = "default";
  @Option(names = "--ipam-opt", description = "Set IPAM driver specific options") List<String> ipamOpts = new ArrayList<>();
  @Option(names = "--ipv4", arity = "0..1", fallbackValue = "true", description = "Enable or disable IPv4 address assignment (default true)") Boolean ipv4;
  @Option(names = "--ipv6", arity = "0..1", fallbackValue = "true", description = "Enable or disable IPv6 address assignment") Boolean ipv6;
  @Option(names = "--label", description = "Set metadata on a network") List<String> labels = new ArrayList<>();
  @Option(names = {"-o", "--opt"}, description = "Set driver specific options") List<String> opts = new ArrayList<>();
  @Option(names = "--subnet", split = ",", description = "Subnet in CIDR format that represents a network segment") List<String> subnets = new ArrayList<>();

  @Parameters(paramLabel = "NETWORK", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    NetworkCreateRequest request = request();
    NetworkClient.Created created = cli.client().networks().create(request);
    if (!created.warning().isEmpty()) cli.err().println(created.warning());
    cli.out().println(created.id());
    return ExitCodes.OK;
  }

  /** The body this command line sends; a refused option is a {@link CommandFailure} or {@link InvalidFlagValue}. */
  NetworkCreateRequest request() {
    GroupArgs.check("network", "create", "[OPTIONS] NETWORK", args, 1, 1);
    var labelMap = new LinkedHashMap<String, String>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      String key = eq < 0 ? l : l.substring(0, eq);
      if (key.strip().isEmpty()) throw new InvalidFlagValue("--label", l, "invalid label '" + l + "': empty name");
      labelMap.put(key, eq < 0 ? "" : l.substring(eq + 1));
    }
    List<NetworkResource.IpamConfig> config;
    try {
      config = ipamConfig(subnets, ipRanges, gateways);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
    }
    return new NetworkCreateRequest(args.getFirst(), driver, Optional.ofNullable(ipv4), Optional.ofNullable(ipv6),
        new NetworkCreateRequest.Ipam(ipamDriver, GroupArgs.keyValues(ipamOpts), config), internal, attachable,
        GroupArgs.keyValues(opts), labelMap);
  }

  /**
   * docker's {@code createIPAMConfig}: one entry per subnet, in the order given; each range and
   * gateway goes to the subnet that contains it, at most one of each per subnet.
   */
  static List<NetworkResource.IpamConfig> ipamConfig(List<String> subnets, List<String> ranges, List<String> gateways) {
    if (subnets.size() < ranges.size() || subnets.size() < gateways.size()) {
      throw new IllegalArgumentException("every ip-range or gateway must have a corresponding subnet");
    }
    var bySubnet = new LinkedHashMap<String, String[]>();
    for (String s : subnets) {
      for (String k : bySubnet.keySet()) {
        if (contains(s, k) || contains(k, s)) throw new IllegalArgumentException("multiple overlapping subnet configuration is not supported");
      }
      bySubnet.put(s, new String[] {"", ""});
    }
    assign(bySubnet, ranges, 0, "range", "ranges", "on the same subnet");
    assign(bySubnet, gateways, 1, "gateway", "gateways", "for the same subnet");
    List<NetworkResource.IpamConfig> out = new ArrayList<>();
    bySubnet.forEach((s, v) -> out.add(new NetworkResource.IpamConfig(s, v[0], v[1], Map.of())));
    return out;
  }

  private static void assign(Map<String, String[]> bySubnet, List<String> values, int slot, String what, String plural, String where) {
    for (String value : values) {
      boolean match = false;
      for (var e : bySubnet.entrySet()) {
        if (!contains(e.getKey(), value)) continue;
        if (!e.getValue()[slot].isEmpty()) {
          throw new IllegalArgumentException("cannot configure multiple " + plural + " (" + value + ", " + e.getValue()[slot]
              + ") " + where + " (" + e.getKey() + ")");
        }
        e.getValue()[slot] = value;
        match = true;
      }
      if (!match) throw new IllegalArgumentException("no matching subnet for " + what + " " + value);
    }
  }

  /** docker's {@code subnetMatches}: whether CIDR {@code subnet} contains the address (or CIDR's address) {@code data}. */
  static boolean contains(String subnet, String data) {
    byte[] net = cidrAddress(subnet).orElseThrow(
        () -> new IllegalArgumentException("invalid subnet: invalid CIDR address: " + subnet));
    int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    byte[] ip;
    if (data.contains("/")) {
      ip = cidrAddress(data).orElseThrow(() -> new IllegalArgumentException("invalid CIDR address: " + data));
    } else {
      Optional<String> parsed = NetworkFlags.ipAddress(data);
      if (parsed.isEmpty()) return false;
      ip = java.net.InetAddress.ofLiteral(parsed.get()).getAddress();
    }
    if (ip.length != net.length) return false;
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((ip[bit / 8] & mask) != (net[bit / 8] & mask)) return false;
    }
    return true;
  }

  private static Optional<byte[]> cidrAddress(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) return Optional.empty();
    Optional<String> ip = NetworkFlags.ipAddress(cidr.substring(0, slash));
    String bits = cidr.substring(slash + 1);
    if (ip.isEmpty() || !bits.matches("\\d{1,3}")) return Optional.empty();
    byte[] addr = java.net.InetAddress.ofLiteral(ip.get()).getAddress();
    return Integer.parseInt(bits) > addr.length * 8 ? Optional.empty() : Optional.of(addr);
  }
}
