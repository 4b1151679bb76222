package io.berth.engine.network;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Network use cases: create (Docker's validation and messages), look up, list, remove, prune. The
 * three predefined networks are rows like the others ({@link #syncPredefined}) but cannot be
 * removed. The kernel side goes through {@link NetworkPlumbing}: a network's row exists only while
 * its bridge and rules do (created after the row, removed before it, and a failure in between undoes
 * the row), so nothing is ever half-created.
 */
public final class NetworkService {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Told when bridge networks come and go (the embedded DNS servers follow them). */
  public interface Listener {
    void up(Network n);

    void down(Network n);
  }

  /**
   * A {@code network create} request.
   *
   * @param driver  empty for Docker's default ({@code bridge})
   * @param subnet  empty: a free subnet from Docker's default pools
   */
  public record CreateRequest(String name, String driver, Optional<String> subnet, Optional<String> gateway,
      Optional<String> ipRange, boolean internal, boolean attachable, boolean ipv6, Map<String, String> labels,
      Map<String, String> options) {}

  private final NetworkStore store;
  private final NetworkPlumbing plumbing;
  private final EventBus events;
  private final java.nio.file.Path procNetRoute;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object creation = new Object();

  public NetworkService(NetworkStore store, NetworkPlumbing plumbing, EventBus events, java.nio.file.Path procNetRoute) {
    this.store = store;
    this.plumbing = plumbing;
    this.events = events;
    this.procNetRoute = procNetRoute;
  }

  public NetworkStore store() { return store; }

  public NetworkPlumbing plumbing() { return plumbing; }

  public void addListener(Listener l) { listeners.add(l); }

  /** Puts the predefined networks into the table (once per data root, with their stable IDs). */
  public void syncPredefined(PredefinedNetworks predefined) {
    for (PredefinedNetworks.Network p : predefined.all()) {
      if (store.get(p.id()).isPresent()) continue;
      boolean bridge = p.driver().equals("bridge");
      store.insert(new Network(p.id(), p.name(), p.driver(), p.created(), p.subnet(),
          p.subnet().map(Ipv4Subnet::gateway), Optional.empty(), bridge ? PredefinedNetworks.BRIDGE_DEVICE : "",
          false, false, Map.of(), Map.of(), true));
    }
  }

  /**
   * After a (re)start: every bridge network's device and rules exist again (a host reboot drops
   * them), leftovers of networks removed during a crash go, and the listeners learn of each network.
   */
  public void restore() {
    List<NetworkPlumbing.BridgeNet> live = new ArrayList<>();
    for (Network n : store.all()) {
      if (!n.isBridge()) continue;
      live.add(bridgeNet(n));
      try {
        plumbing.ensure(bridgeNet(n));
      } catch (IOException | RuntimeException e) {
        System.err.println("berthd: warning: cannot set up network " + n.name() + ": " + e.getMessage());
      }
      for (Listener l : listeners) l.up(n);
    }
    try {
      plumbing.reconcile(live);
    } catch (IOException | RuntimeException e) {
      System.err.println("berthd: warning: network clean-up failed: " + e.getMessage());
    }
  }

  public List<Network> list() { return store.all(); }

  /** By full ID, name, then unique ID prefix (Docker's order). */
  public Optional<Network> find(String ref) {
    if (ref.isEmpty()) return Optional.empty();
    Optional<Network> exact = store.get(ref);
    if (exact.isPresent()) return exact;
    Optional<Network> named = store.byName(ref);
    if (named.isPresent()) return named;
    List<Network> byPrefix = store.all().stream().filter(n -> n.id().startsWith(ref)).toList();
    if (byPrefix.size() > 1) throw BerthException.invalid("network %s is ambiguous (%d matches found based on ID prefix)", ref, byPrefix.size());
    return byPrefix.stream().findFirst();
  }

  public Network get(String ref) {
    return find(ref).orElseThrow(() -> BerthException.notFound("network %s not found", ref));
  }

  // ---- create ----------------------------------------------------------------------------------

  public Network create(CreateRequest req) throws IOException {
    String driver = req.driver().isEmpty() ? "bridge" : req.driver();
    if (req.name().isBlank()) throw BerthException.invalid("network name is required");
    if (driver.equals("host") || driver.equals("null")) {
      throw new BerthException.Forbidden("only one instance of \"" + driver + "\" network is allowed");
    }
    if (!driver.equals("bridge")) throw BerthException.notFound("plugin \"%s\" not found", driver);
    if (req.ipv6()) throw BerthException.invalid("IPv6 networks are not supported by this daemon");
    NetworkConfigs.validateOptions(req.options());
    synchronized (creation) {
      if (store.byName(req.name()).isPresent()) {
        throw BerthException.conflict("network with name %s already exists", req.name());
      }
      String id = newId();
      NetworkConfigs.Addressing a = NetworkConfigs.addressing(req, store.all(), () -> HostRoutes.read(procNetRoute));
      String bridge = req.options().getOrDefault("com.docker.network.bridge.name", "br-" + id.substring(0, 12));
      if (store.all().stream().anyMatch(n -> n.bridge().equals(bridge))) {
        throw BerthException.conflict("bridge name %s is already used by another network", bridge);
      }
      Network n = new Network(id, req.name(), driver, Instant.now(), Optional.of(a.subnet()), Optional.of(a.gateway()),
          a.ipRange(), bridge, req.internal(), req.attachable(), req.labels(), req.options(), false);
      store.insert(n);
      try {
        plumbing.ensure(bridgeNet(n));
      } catch (IOException | RuntimeException e) {
        try {
          plumbing.remove(bridgeNet(n));
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        store.delete(n.id(), BerthException.conflict("unreachable"));
        throw BerthException.internal("failed to create network " + n.name() + ": " + e.getMessage(), e);
      }
      for (Listener l : listeners) l.up(n);
      publish("create", n, Map.of());
      return n;
    }
  }

  // ---- remove ----------------------------------------------------------------------------------

  public void remove(String ref) throws IOException {
    Network n = get(ref);
    if (n.predefined()) {
      throw new BerthException.Forbidden(n.name() + " is a pre-defined network and cannot be removed");
    }
    BerthException inUse = BerthException.conflict("error while removing network: network %s id %s has active endpoints",
        n.name(), n.id());
    if (!store.ofNetwork(n.id()).isEmpty()) throw inUse;
    for (Listener l : listeners) l.down(n);
    // The row goes last: a crash before it leaves a network that still works; after it, restore()
    // reconciles the leftovers away.
    plumbing.remove(bridgeNet(n));
    store.delete(n.id(), inUse);
    publish("destroy", n, Map.of());
  }

  /** Removes unused user-defined networks that {@code filter} accepts; returns their names. */
  public List<String> prune(Predicate<Network> filter) {
    List<String> removed = new ArrayList<>();
    for (Network n : store.all()) {
      if (n.predefined() || !filter.test(n) || !store.ofNetwork(n.id()).isEmpty()) continue;
      try {
        remove(n.id());
        removed.add(n.name());
      } catch (BerthException e) {
        // joined meanwhile: kept, as Docker's prune skips networks in use
      } catch (IOException e) {
        System.err.println("berthd: prune of network " + n.name() + " failed: " + e.getMessage());
      }
    }
    return removed;
  }

  void publish(String action, Network n, Map<String, String> extra) {
    Map<String, String> attrs = new java.util.HashMap<>(extra);
    attrs.put("name", n.name());
    attrs.put("type", n.driver());
    events.publish(new Event("network", action, n.id(), attrs, Instant.now()));
  }

  /** The kernel's view of bridge network {@code n}. */
  static NetworkPlumbing.BridgeNet bridgeNet(Network n) {
    Ipv4Subnet subnet = n.subnet().orElseThrow();
    try {
      var gw = (java.net.Inet4Address) java.net.InetAddress.getByName(n.gateway().orElse(subnet.gateway()));
      return new NetworkPlumbing.BridgeNet(n.id(), n.bridge(), subnet, gw, n.internal(), n.masquerade(), n.mtu());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("bad gateway of network " + n.name(), e);
    }
  }

  private static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
