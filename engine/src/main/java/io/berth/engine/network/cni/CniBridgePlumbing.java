package io.berth.engine.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.network.BridgeDevice;
import io.berth.engine.network.NetworkPlumbing;
import io.berth.engine.network.cni.Iptables.Rule;
import io.berth.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link NetworkPlumbing} with the CNI {@code bridge} plugin and iptables. berthd decides every
 * address, so a container's interface comes from one {@code bridge} run with {@code static} IPAM;
 * the plugin neither owns the gateway address ({@code isGateway} off: {@link #ensure} puts it on the
 * bridge) nor NAT ({@code ipMasq} off: {@link BridgeFirewall} keeps one masquerade rule per
 * network, not one chain per container as the plugin would).
 *
 * <p>Several daemons may share a host (test daemons do): every rule carries the {@code owner} tag
 * given here, and {@link #reconcile} removes only rules with this daemon's tag. Bridges named in
 * {@code sharedBridges} ({@code berth0}, like docker0) are set up but never deleted.
 */
public final class CniBridgePlumbing implements NetworkPlumbing {
  private static final Path HOST_NETNS = Path.of("/proc/self/ns/net");

  private final CniPlugins plugins;
  private final BridgeDevice bridges;
  private final BridgeFirewall firewall;
  private final Set<String> sharedBridges;
  private final Path ipForward;

  /**
   * @param plugins       the CNI plugins ({@code bridge} and {@code static} are used)
   * @param bridges       the bridge devices ({@code ip})
   * @param iptables      the {@code iptables} binary
   * @param owner         tags this daemon's rules ({@code [A-Za-z0-9_.-]}, e.g. an engine ID prefix)
   * @param sharedBridges bridges never deleted by {@link #remove} or {@link #reconcile}
   * @param procSys       {@code /proc/sys} (IPv4 forwarding is switched on there)
   */
  public CniBridgePlumbing(CniPlugins plugins, BridgeDevice bridges, Path iptables, String owner,
      Set<String> sharedBridges, Path procSys) {
    if (!owner.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("bad owner tag: " + owner);
    this.plugins = plugins;
    this.bridges = bridges;
    this.firewall = new BridgeFirewall(new Iptables(iptables), owner);
    this.sharedBridges = Set.copyOf(sharedBridges);
    this.ipForward = procSys.resolve("net/ipv4/ip_forward");
  }

  /** With this host's plugins, {@code ip} and {@code iptables} in their usual places. */
  public static CniBridgePlumbing onHost(String owner, Set<String> sharedBridges) {
    return new CniBridgePlumbing(CniPlugins.onHost(), new BridgeDevice(binary("ip"), Path.of("/sys/class/net")),
        binary("iptables"), owner, sharedBridges, Path.of("/proc/sys"));
  }

  private static Path binary(String name) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p;
    }
    return Path.of(name);
  }

  // ---- networks ---------------------------------------------------------------------------------

  @Override public void ensure(BridgeNet net) throws IOException {
    // Rules before the device, and the device deleted before the rules in remove(): a bridge never
    // exists without rules naming it, which is how reconcile() finds the bridges it must delete.
    firewall.ensure(net);
    bridges.ensure(net.bridge(), net.gateway().getHostAddress() + "/" + net.subnet().prefix(), net.mtu());
    if (!net.internal()) enableForwarding();
  }

  private void enableForwarding() throws IOException {
    if (!Files.readString(ipForward).strip().equals("1")) Files.writeString(ipForward, "1");
  }

  @Override public void remove(BridgeNet net) throws IOException {
    if (!sharedBridges.contains(net.bridge())) bridges.delete(net.bridge());
    firewall.remove(net.id());
  }

  @Override public void reconcile(Collection<BridgeNet> live) throws IOException {
    Set<String> liveIds = new HashSet<>();
    Set<String> liveBridges = new HashSet<>(sharedBridges);
    for (BridgeNet n : live) {
      liveIds.add(n.id());
      liveBridges.add(n.bridge());
    }
    IOException first = null;
    for (Map.Entry<String, List<Rule>> e : firewall.owned().entrySet()) {
      if (liveIds.contains(e.getKey())) continue;
      try {
        for (String dev : staleBridges(e.getValue(), liveBridges)) {
          if (bridges.isBridge(dev)) bridges.delete(dev);
        }
        for (Rule r : e.getValue()) firewall.delete(r);
      } catch (IOException ex) {
        if (first == null) first = ex;
      }
    }
    if (first != null) throw first;
  }

  /** The bridges a gone network's rules name, less those a live network (or another daemon) uses. */
  static Set<String> staleBridges(List<Rule> rules, Set<String> keep) {
    Set<String> out = new LinkedHashSet<>();
    for (Rule r : rules) out.addAll(r.devices());
    out.removeAll(keep);
    return out;
  }

  // ---- endpoints --------------------------------------------------------------------------------

  @Override public String attach(BridgeNet net, Path netns, Endpoint endpoint) throws IOException {
    if (isHostNamespace(netns)) {
      throw new IOException("refusing to attach " + netns + ": it is berthd's own network namespace");
    }
    ObjectNode conf = bridgeConfig(plugins.specVersion("bridge"), net, endpoint);
    JsonNode result;
    try {
      result = plugins.add(endpoint.containerId(), netns, endpoint.ifName(), conf);
    } catch (IOException e) {
      // attach is repeated after a crash: the interface of the earlier run is in the way. Take it
      // out and try once more rather than probing first, which would cost every attach a plugin run.
      if (!String.valueOf(e.getMessage()).contains("already exists")) throw e;
      plugins.del(endpoint.containerId(), Optional.of(netns), endpoint.ifName(), conf);
      result = plugins.add(endpoint.containerId(), netns, endpoint.ifName(), conf);
    }
    return macOf(result, endpoint.ifName())
        .orElseThrow(() -> new IOException("CNI bridge result names no interface " + endpoint.ifName()));
  }

  @Override public void detach(BridgeNet net, Path netns, Endpoint endpoint) throws IOException {
    // A namespace that is gone took the veth pair with it; static IPAM keeps nothing to release, so
    // there is nothing left for the plugin to do.
    if (!Files.exists(netns)) return;
    // The container's process is gone and its pid now names a process in berthd's namespace: a DEL
    // there would delete the host's interface of that name.
    if (isHostNamespace(netns)) return;
    plugins.del(endpoint.containerId(), Optional.of(netns), endpoint.ifName(),
        bridgeConfig(plugins.specVersion("bridge"), net, endpoint));
  }

  private static boolean isHostNamespace(Path netns) throws IOException {
    try {
      return Files.getAttribute(netns, "unix:ino").equals(Files.getAttribute(HOST_NETNS, "unix:ino"))
          && Files.getAttribute(netns, "unix:dev").equals(Files.getAttribute(HOST_NETNS, "unix:dev"));
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** The {@code bridge} plugin's configuration for one endpoint (one plugin run: ADD or DEL). */
  static ObjectNode bridgeConfig(String specVersion, BridgeNet net, Endpoint ep) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("cniVersion", specVersion);
    c.put("name", "berth-" + net.id());
    c.put("type", "bridge");
    c.put("bridge", net.bridge());
    c.put("isGateway", false);
    c.put("isDefaultGateway", false);
    c.put("ipMasq", false);
    c.put("hairpinMode", true);
    if (net.mtu() > 0) c.put("mtu", net.mtu());
    ObjectNode ipam = c.putObject("ipam");
    ipam.put("type", "static");
    ObjectNode addr = ipam.putArray("addresses").addObject();
    addr.put("address", ep.address().getHostAddress() + "/" + net.subnet().prefix());
    addr.put("gateway", net.gateway().getHostAddress());
    if (ep.defaultRoute()) ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
    // The plugin (1.1.0 and later) sets the container side's MAC from runtimeConfig.mac; older ones
    // ignore it and the MAC is random (attach returns the one the result names either way).
    c.putObject("runtimeConfig").put("mac", ep.mac().map(m -> m.toLowerCase(java.util.Locale.ROOT))
        .orElseGet(() -> dockerMac(ep.address().getAddress())));
    return c;
  }

  /** Docker's MAC for an IPv4 address: {@code 02:42} and the address's four bytes. */
  static String dockerMac(byte[] ipv4) {
    return String.format("02:42:%02x:%02x:%02x:%02x", ipv4[0] & 255, ipv4[1] & 255, ipv4[2] & 255, ipv4[3] & 255);
  }

  /** The MAC of the interface in the container's namespace called {@code ifName} in a CNI result. */
  static Optional<String> macOf(JsonNode result, String ifName) {
    for (JsonNode i : result.path("interfaces")) {
      if (i.path("name").asText().equals(ifName) && !i.path("sandbox").asText().isEmpty()) {
        return Optional.of(i.path("mac").asText());
      }
    }
    return Optional.empty();
  }
}
