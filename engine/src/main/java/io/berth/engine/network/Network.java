package io.berth.engine.network;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A network as berthd keeps it (table {@code networks}): the predefined {@code bridge}, {@code host}
 * and {@code none}, and user-defined bridge networks.
 *
 * @param driver     Docker's driver name: {@code bridge}, {@code host} or {@code null}
 * @param subnet     the IPv4 subnet of a bridge network
 * @param gateway    the bridge's address in it (Docker's first host address unless {@code --gateway})
 * @param ipRange    where container addresses are taken from ({@code --ip-range}), else the subnet
 * @param bridge     the bridge device ({@code berth0}, {@code br-<id12>} or the user's name)
 * @param predefined one of the three networks every daemon has; they cannot be removed
 */
public record Network(String id, String name, String driver, Instant created, Optional<Ipv4Subnet> subnet,
    Optional<String> gateway, Optional<Ipv4Subnet> ipRange, String bridge, boolean internal, boolean attachable,
    Map<String, String> labels, Map<String, String> options, boolean predefined) {

  public Network {
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
  }

  public boolean isBridge() { return driver.equals("bridge"); }

  /** The default {@code bridge} network: no DNS by name, no --ip or aliases (Docker's legacy rules). */
  public boolean isDefaultBridge() { return predefined && isBridge(); }

  public String shortId() { return id.substring(0, 12); }

  /** Docker's {@code com.docker.network.bridge.enable_ip_masquerade} (default true). */
  public boolean masquerade() {
    return !options.getOrDefault("com.docker.network.bridge.enable_ip_masquerade", "true").equals("false");
  }

  /** Docker's {@code com.docker.network.driver.mtu}; 0 for the kernel's default. */
  public int mtu() {
    try {
      return Integer.parseInt(options.getOrDefault("com.docker.network.driver.mtu", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The range addresses are handed out from. */
  public Optional<Ipv4Subnet> pool() { return ipRange.or(() -> subnet); }
}
