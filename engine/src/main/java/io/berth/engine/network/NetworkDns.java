package io.berth.engine.network;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.network.dns.EmbeddedDns;
import io.berth.engine.network.dns.ResolvConf;
import io.berth.engine.network.dns.Upstreams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an {@link EmbeddedDns} for every user-defined bridge network while it exists, on its gateway
 * address, port 53. Names are read live from the endpoints (so containers joined later, renamed or
 * gone are right at once): a container's name, short ID and its aliases on that network, matched
 * case-insensitively, for the running containers only. Other names go to the container's
 * {@code --dns} servers or the host's; never out of an internal network (Docker's rule: an
 * internal network has no way out, not even for name lookups).
 */
public final class NetworkDns implements NetworkService.Listener, AutoCloseable {
  private final NetworkStore store;
  private final ContainerService containers;
  private final Path resolvConf;
  private final Path systemdResolvConf;
  private final int port;
  private final Map<String, EmbeddedDns> servers = new ConcurrentHashMap<>();

  public NetworkDns(NetworkStore store, ContainerService containers, Path resolvConf, Path systemdResolvConf, int port) {
    this.store = store;
    this.containers = containers;
    this.resolvConf = resolvConf;
    this.systemdResolvConf = systemdResolvConf;
    this.port = port;
  }

  @Override public void up(Network n) {
    if (!n.isBridge() || n.isDefaultBridge() || servers.containsKey(n.id())) return;
    try {
      var bind = new InetSocketAddress(InetAddress.getByName(n.gateway().orElseThrow()), port);
      servers.put(n.id(), EmbeddedDns.start(bind, new Names(n)));
    } catch (IOException | RuntimeException e) {
      System.err.println("berthd: warning: no DNS for network " + n.name() + ": " + e.getMessage());
    }
  }

  @Override public void down(Network n) {
    EmbeddedDns s = servers.remove(n.id());
    if (s != null) s.close();
  }

  @Override public void close() {
    servers.values().forEach(EmbeddedDns::close);
    servers.clear();
  }

  private final class Names implements EmbeddedDns.Names {
    private final Network network;

    Names(Network network) {
      this.network = network;
    }

    /** The asking container's endpoint on this network (found by its source address). */
    private Optional<Attachment> client(InetAddress client) {
      byte[] b = client.getAddress();
      if (b.length != 4) return Optional.empty();
      long v = value(b);
      return store.ofNetwork(network.id()).stream().filter(a -> a.address().filter(x -> x == v).isPresent()).findFirst();
    }

    /** The networks whose names the client sees: every network it is on (just this one for strangers). */
    private List<String> scope(InetAddress client) {
      return client(client).map(a -> store.ofContainer(a.containerId()).stream().map(Attachment::networkId).toList())
          .orElse(List.of(network.id()));
    }

    @Override public List<byte[]> lookup(String name, InetAddress client) {
      String asked = name.toLowerCase(Locale.ROOT);
      // A link alias (HostConfig.Links) is seen by the linking container only, and wins over other names.
      String wanted = client(client).flatMap(a -> containers.find(a.containerId()))
          .flatMap(c -> c.config().host().network().linkTarget(asked))
          .flatMap(containers::find).map(t -> t.name().toLowerCase(Locale.ROOT)).orElse(asked);
      List<byte[]> out = new ArrayList<>();
      for (String net : scope(client)) {
        Optional<Network> n = store.get(net);
        if (n.map(Network::isDefaultBridge).orElse(true)) continue; // no names on the default bridge
        // Docker also resolves "name.network" (the network's name as a domain)
        String suffix = "." + n.get().name().toLowerCase(Locale.ROOT);
        String bare = wanted.endsWith(suffix) ? wanted.substring(0, wanted.length() - suffix.length()) : wanted;
        for (Attachment a : store.ofNetwork(net)) {
          if (a.address().isEmpty()) continue;
          Optional<Container> c = containers.find(a.containerId());
          if (c.isEmpty()) continue;
          java.util.function.Predicate<String> is = x -> x.equals(wanted) || x.equals(bare);
          boolean match = is.test(c.get().name().toLowerCase(Locale.ROOT)) || is.test(c.get().shortId())
              || a.config().aliases().stream().anyMatch(al -> is.test(al.toLowerCase(Locale.ROOT)));
          if (match) out.add(bytes(a.address().get()));
        }
      }
      return out;
    }

    @Override public Optional<String> reverse(byte[] ip, InetAddress client) {
      long v = value(ip);
      for (String net : scope(client)) {
        Optional<Network> n = store.get(net);
        if (n.isEmpty() || n.get().isDefaultBridge()) continue;
        for (Attachment a : store.ofNetwork(net)) {
          if (a.address().filter(x -> x == v).isEmpty()) continue;
          return containers.find(a.containerId()).map(c -> c.name() + "." + n.get().name());
        }
      }
      return Optional.empty();
    }

    @Override public List<InetSocketAddress> upstreams(InetAddress client) {
      Optional<Attachment> me = client(client);
      // A container only on internal networks has no way out, not even for lookups (Docker's rule).
      boolean outside = me.map(a -> store.ofContainer(a.containerId()).stream()
              .anyMatch(x -> store.get(x.networkId()).map(n -> !n.internal()).orElse(false)))
          .orElse(!network.internal());
      if (!outside) return List.of();
      List<String> own = me.flatMap(a -> containers.find(a.containerId()))
          .map(c -> c.config().host().network().dns()).orElse(List.of());
      return own.isEmpty() ? Upstreams.ofHost(resolvConf, systemdResolvConf) : Upstreams.addresses(own);
    }

    @Override public boolean ndotsSet(InetAddress client) {
      List<String> own = client(client).flatMap(a -> containers.find(a.containerId()))
          .map(c -> c.config().host().network().dnsOptions()).orElse(List.of());
      return ResolvConf.ndotsSet(ResolvConf.ofHost(resolvConf, systemdResolvConf), own);
    }
  }

  private static long value(byte[] b) {
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }

  private static byte[] bytes(long a) {
    return new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a};
  }
}
