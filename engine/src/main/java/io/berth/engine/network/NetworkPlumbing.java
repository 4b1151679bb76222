package io.berth.engine.network;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * The kernel side of bridge networks: the bridge device, the host's firewall rules for it, and the
 * veth that puts a container's network namespace on it. berthd keeps the networks' state and IPAM in
 * its metadata store and hands this interface finished decisions (addresses, device names); the
 * implementation only makes the host match them. Every method is idempotent, because berthd repeats
 * them after a crash.
 */
public interface NetworkPlumbing {

  /**
   * A bridge network as the host sees it.
   *
   * @param id       the network's ID (rules and devices are traced back to it)
   * @param bridge   the bridge device ({@code berth0}, {@code br-<id12>}, or the user's
   *                 {@code com.docker.network.bridge.name})
   * @param subnet   the network's subnet
   * @param gateway  the bridge's own address in the subnet, the containers' default route
   * @param internal no traffic to or from outside the network (Docker's {@code --internal})
   * @param masquerade outbound NAT for the subnet (Docker's {@code enable_ip_masquerade}, default on)
   * @param mtu      the veth MTU, 0 for the kernel's default
   */
  record BridgeNet(String id, String bridge, Ipv4Subnet subnet, Inet4Address gateway, boolean internal,
      boolean masquerade, int mtu) {}

  /**
   * One container's interface on a network.
   *
   * @param containerId the container (names the host side of the veth, e.g. {@code veth<hash>})
   * @param ifName      the interface inside the container: {@code eth0}, {@code eth1}, ...
   * @param address     its address in the network's subnet (allocated by berthd's IPAM)
   * @param mac         the MAC to set; empty lets the implementation derive one (Docker derives it
   *                    from the address: {@code 02:42:<ip bytes>})
   * @param defaultRoute  route everything not on a connected subnet through this network's gateway
   *                    (berthd sets it for a container's first non-internal network only)
   */
  record Endpoint(String containerId, String ifName, Inet4Address address, Optional<String> mac,
      boolean defaultRoute) {}

  /**
   * Makes the bridge exist, carry the gateway address and be up, forwarding enabled, and the
   * network's firewall rules present: accept forwarding to/from it (a dockerd on the same host sets
   * the FORWARD policy to DROP), outbound NAT unless internal or masquerade is off, isolation from
   * every other bridge network of Berth's, and no outside traffic at all when internal.
   */
  void ensure(BridgeNet net) throws IOException;

  /** Removes the network's firewall rules and its bridge device. */
  void remove(BridgeNet net) throws IOException;

  /**
   * Puts {@code netns} (a path like {@code /proc/<pid>/ns/net}) on the network: a veth pair with
   * the endpoint's address and MAC, and the gateway as default route when the endpoint asks for it.
   * Returns the MAC the interface has.
   */
  String attach(BridgeNet net, Path netns, Endpoint endpoint) throws IOException;

  /** Takes the endpoint's interface out of {@code netns} (which may be gone already). */
  void detach(BridgeNet net, Path netns, Endpoint endpoint) throws IOException;

  /**
   * After a berthd restart: removes firewall rules and bridges this daemon made for networks that
   * are not in {@code live} any more (a crash between a network's removal and its clean-up).
   */
  void reconcile(Collection<BridgeNet> live) throws IOException;
}
