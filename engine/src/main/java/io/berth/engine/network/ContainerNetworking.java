package io.berth.engine.network;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerHooks;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.NetworkOptions.EndpointConfig;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts containers on their networks. At create ({@link #defining}) the networks a container asks for
 * are checked and recorded as endpoints; once the runtime has made its process ({@link #created})
 * each endpoint gets an address from the network's IPAM and a veth into the container's namespace
 * ({@code eth0}, {@code eth1}, ... in join order), and its hosts and resolv.conf are written; when the
 * process is gone ({@link #released}) the addresses are freed. {@link #connect} and
 * {@link #disconnect} do the same live, under the container's lock.
 */
public final class ContainerNetworking implements ContainerHooks {
  private final NetworkService networks;
  private final NetworkStore store;
  private final NetworkPlumbing plumbing;
  private final ContainerNetFiles files;
  private ContainerService containers;
  /** The namespace each running container was attached in, for detaching from it later. */
  private final Map<String, Path> namespaces = new ConcurrentHashMap<>();

  public ContainerNetworking(NetworkService networks, ContainerNetFiles files) {
    this.networks = networks;
    this.store = networks.store();
    this.plumbing = networks.plumbing();
    this.files = files;
  }

  /** Registers as hooks of {@code c} (needed for connect/disconnect of running containers). */
  public ContainerNetworking install(ContainerService c) {
    this.containers = c;
    c.addHooks(this);
    return this;
  }

  // ---- create ----------------------------------------------------------------------------------

  @Override public void defining(Container c) {
    HostOptions host = c.config().host();
    String mode = host.effectiveNetworkMode();
    Map<String, EndpointConfig> asked = host.network().endpoints();
    if (mode.equals("host") || mode.equals("none") || host.networkContainer().isPresent()) {
      if (host.networkContainer().isPresent()) containers.get(host.networkContainer().get());
      if (asked.keySet().stream().anyMatch(k -> !k.equals(mode) && !k.equals(host.networkMode()))) {
        throw BerthException.invalid("container sharing network namespace with another container or host cannot be "
            + "connected to any other network");
      }
      return;
    }
    // Networks that do not exist (yet) are not an error at create, as with dockerd: start reports them.
    for (var e : wanted(c).entrySet()) {
      Optional<Network> n = networks.find(e.getKey());
      if (n.isEmpty()) continue;
      validate(n.get(), e.getValue());
      if (!n.get().isBridge()) {
        throw BerthException.invalid("container cannot be connected to network %s and %s at once", mode, e.getKey());
      }
    }
    join(c, false);
  }

  /** The networks the container asked for at create, its network mode's first, with their configs. */
  private static Map<String, EndpointConfig> wanted(Container c) {
    HostOptions host = c.config().host();
    String mode = host.effectiveNetworkMode();
    Map<String, EndpointConfig> asked = host.network().endpoints();
    Map<String, EndpointConfig> out = new LinkedHashMap<>();
    out.put(mode, asked.getOrDefault(mode, EndpointConfig.NONE));
    asked.forEach(out::putIfAbsent);
    return out;
  }

  /**
   * Records the endpoints of the networks asked for at create that are not recorded yet: at create
   * the existing ones; at the first start the rest, where a missing network is Docker's 404.
   */
  private void join(Container c, boolean strict) {
    HostOptions host = c.config().host();
    String mode = host.effectiveNetworkMode();
    if (mode.equals("host") || mode.equals("none") || host.networkContainer().isPresent()) return;
    if (strict && !store.ofContainer(c.id()).isEmpty()) return; // joined before: connect/disconnect rule now
    for (var e : wanted(c).entrySet()) {
      Optional<Network> n = networks.find(e.getKey());
      if (n.isEmpty()) {
        if (strict) throw BerthException.notFound("network %s not found", e.getKey());
        continue;
      }
      if (store.ofContainer(c.id()).stream().anyMatch(a -> a.networkId().equals(n.get().id()))) continue;
      validate(n.get(), e.getValue());
      store.join(n.get().id(), c.id(), e.getValue(), n.get().name());
    }
  }

  /** Docker's rules for what a container may ask of a network. */
  static void validate(Network n, EndpointConfig cfg) {
    if (n.isDefaultBridge()) {
      if (cfg.ipv4Address().isPresent()) {
        throw BerthException.invalid("user specified IP address is supported on user defined networks only");
      }
      if (!cfg.aliases().isEmpty()) {
        throw BerthException.invalid("network-scoped alias is supported only for containers in user defined networks");
      }
    }
    if (cfg.ipv4Address().isPresent()) {
      String ip = cfg.ipv4Address().get();
      long a;
      try {
        a = Ipv4Subnet.address(ip);
      } catch (IllegalArgumentException e) {
        throw BerthException.invalid("invalid IPv4 address: %s", ip);
      }
      if (n.subnet().isEmpty() || !n.pool().get().contains(a)) {
        throw BerthException.invalid("no configured subnet or ip-range contain the IP address %s", ip);
      }
    }
    cfg.macAddress().ifPresent(m -> {
      if (!m.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) throw BerthException.invalid("invalid MAC address: %s", m);
    });
  }

  // ---- start and exit --------------------------------------------------------------------------

  @Override public void created(Container c, int pid) {
    Path ns = Path.of("/proc", Integer.toString(pid), "ns", "net");
    if (store.ofContainer(c.id()).isEmpty()) join(c, true);
    List<Attachment> atts = store.ofContainer(c.id());
    try {
      if (!atts.isEmpty()) namespaces.put(c.id(), ns);
      boolean routed = false;
      int index = 0;
      for (Attachment a : atts) {
        Network n = store.get(a.networkId()).orElseThrow(
            () -> BerthException.notFound("network %s not found", a.networkId()));
        attach(c, n, a, ns, "eth" + index++, !routed && !n.internal());
        routed |= !n.internal();
      }
      files.write(c, current(c.id()));
    } catch (IOException e) {
      throw BerthException.internal("failed to set up the network of container " + c.shortId() + ": " + e.getMessage(), e);
    }
  }

  private void attach(Container c, Network n, Attachment a, Path ns, String ifName, boolean defaultRoute)
      throws IOException {
    long address = store.allocate(n, c.id());
    Inet4Address ip = (Inet4Address) InetAddress.getByAddress(new byte[] {
        (byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address});
    String mac = plumbing.attach(NetworkService.bridgeNet(n), ns,
        new NetworkPlumbing.Endpoint(c.id(), ifName, ip, a.config().macAddress(), defaultRoute));
    store.setInterface(n.id(), c.id(), ifName, mac);
  }

  @Override public void released(String id) {
    Path ns = namespaces.remove(id);
    for (Attachment a : store.ofContainer(id)) {
      if (a.address().isEmpty()) continue;
      detachQuietly(id, a, ns);
    }
    store.release(id, Optional.empty());
  }

  private void detachQuietly(String id, Attachment a, Path ns) {
    Optional<Network> n = store.get(a.networkId());
    if (n.isEmpty() || a.address().isEmpty()) return;
    try {
      Inet4Address ip = (Inet4Address) InetAddress.getByName(a.dottedAddress().get());
      plumbing.detach(NetworkService.bridgeNet(n.get()), ns == null ? Path.of("/proc/0/ns/net") : ns,
          new NetworkPlumbing.Endpoint(id, a.ifName().orElse("eth0"), ip, a.mac(), false));
    } catch (IOException | RuntimeException e) {
      System.err.println("berthd: detaching " + id + " from " + n.get().name() + " failed: " + e.getMessage());
    }
  }

  /**
   * After a berthd restart (once exits are known): addresses held for containers that are not
   * running any more, or gone, are freed — a crash between an exit and its clean-up must not keep
   * them taken — and the namespaces of the running ones are remembered for their detach.
   */
  public void sweep() {
    for (Attachment a : store.addressed()) {
      Optional<Container> c = containers.find(a.containerId());
      if (c.isEmpty()) {
        store.leaveAll(a.containerId());
      } else if (!c.get().state().running()) {
        store.release(a.containerId(), Optional.empty());
      } else if (c.get().state().pid() > 0) {
        namespaces.putIfAbsent(a.containerId(), Path.of("/proc", Integer.toString(c.get().state().pid()), "ns", "net"));
      }
    }
  }

  @Override public void removed(String id) {
    released(id);
    store.leaveAll(id);
  }

  /** The container's networks with their current endpoints, in join order. */
  public List<Joined> current(String containerId) {
    List<Joined> out = new ArrayList<>();
    for (Attachment a : store.ofContainer(containerId)) {
      store.get(a.networkId()).ifPresent(n -> out.add(new Joined(n, a)));
    }
    return out;
  }

  /** A network a container belongs to, and its endpoint there. */
  public record Joined(Network network, Attachment endpoint) {}

  // ---- connect / disconnect --------------------------------------------------------------------

  public void connect(String networkRef, String containerRef, EndpointConfig cfg) {
    Network n = networks.get(networkRef);
    containers.locked(containerRef, c -> {
      HostOptions host = c.config().host();
      if (!n.isBridge() || host.hostNetwork()) {
        throw new BerthException.Forbidden("container cannot be disconnected from host network or connected to host network");
      }
      if (host.effectiveNetworkMode().equals("none") || host.networkContainer().isPresent()) {
        throw new BerthException.Forbidden("container sharing network namespace with another container or host cannot "
            + "be connected to any other network");
      }
      validate(n, cfg);
      store.join(n.id(), c.id(), cfg, n.name());
      if (c.state().running() && c.state().pid() > 0) {
        Path ns = Path.of("/proc", Integer.toString(c.state().pid()), "ns", "net");
        List<Attachment> atts = store.ofContainer(c.id());
        Attachment mine = atts.stream().filter(a -> a.networkId().equals(n.id())).findFirst().orElseThrow();
        boolean routed = atts.stream().anyMatch(a -> a.address().isPresent()
            && store.get(a.networkId()).map(x -> !x.internal()).orElse(false));
        try {
          attach(c, n, mine, ns, freeIfName(atts), !routed && !n.internal());
        } catch (IOException | RuntimeException e) {
          store.release(c.id(), Optional.of(n.id()));
          store.leave(n.id(), c.id());
          throw e instanceof BerthException be ? be : BerthException.internal(e.getMessage(), e);
        }
        namespaces.put(c.id(), ns);
        files.write(c, current(c.id()));
      }
      networks.publish("connect", n, Map.of("container", c.id()));
      return null;
    });
  }

  private static String freeIfName(List<Attachment> atts) {
    for (int i = 0; ; i++) {
      String name = "eth" + i;
      if (atts.stream().noneMatch(a -> a.ifName().filter(name::equals).isPresent())) return name;
    }
  }

  public void disconnect(String networkRef, String containerRef, boolean force) {
    Network n = networks.get(networkRef);
    containers.locked(containerRef, c -> {
      Optional<Attachment> mine = store.ofContainer(c.id()).stream()
          .filter(a -> a.networkId().equals(n.id())).findFirst();
      if (mine.isEmpty()) {
        if (n.driver().equals("host") && c.config().host().hostNetwork()) {
          throw new BerthException.Forbidden("container cannot be disconnected from host network or connected to host network");
        }
        throw new BerthException.Forbidden("container " + c.id() + " is not connected to network " + n.name());
      }
      if (mine.get().address().isPresent()) detachQuietly(c.id(), mine.get(), namespaces.get(c.id()));
      store.release(c.id(), Optional.of(n.id()));
      store.leave(n.id(), c.id());
      if (c.state().running()) files.write(c, current(c.id()));
      networks.publish("disconnect", n, Map.of("container", c.id()));
      return null;
    });
  }
}
