package io.berth.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 destinations the host already routes ({@code /proc/net/route}), so that a new bridge
 * subnet does not shadow a network the host can reach — a classic Docker breakage (docker0 taking
 * a corporate 172.17/16). The default route (0.0.0.0/0) is ignored: it overlaps everything, and so
 * are the routes of Berth's own bridge device.
 */
final class HostRoutes {
  private HostRoutes() {}

  static List<Ipv4Subnet> read(Path procNetRoute) {
    List<String> lines;
    try {
      lines = Files.readAllLines(procNetRoute);
    } catch (IOException e) {
      return List.of();
    }
    var out = new ArrayList<Ipv4Subnet>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 8) continue;
      // Our own bridge's route is no foreign network: daemons on other data roots share the device.
      if (f[0].equals(PredefinedNetworks.BRIDGE_DEVICE)) continue;
      // Destination and mask are little-endian hex of the network-order address.
      long dest = Long.reverseBytes(Long.parseLong(f[1], 16) << 32) & 0xFFFFFFFFL;
      long mask = Long.reverseBytes(Long.parseLong(f[7], 16) << 32) & 0xFFFFFFFFL;
      int prefix = Long.bitCount(mask);
      if (prefix == 0) continue;
      out.add(new Ipv4Subnet(dest, prefix));
    }
    return out;
  }
}
