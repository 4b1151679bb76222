package io.berth.engine.network;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerHooks;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.PortConfig;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes containers' ports on the host: one proxy per published port ({@link PortProxy} for TCP,
 * {@link UdpPortProxy} for UDP), started when the
 * runtime has created the container's process ({@link #created}) and closed when it is gone
 * ({@link #released}). The bound ports are kept in {@code containers/<id>/ports.json}, so that a
 * restarted berthd serves the same host ports for the containers still running ({@link #restore}).
 *
 * <p>Host ports: an explicit port that another container of this daemon holds is Docker's
 * {@code Bind for 0.0.0.0:8080 failed: port is already allocated}; one some other process holds fails
 * as docker-proxy's listen does; an empty host port is chosen by the kernel from its ephemeral range
 * (as Docker's 32768–60999); a range takes its first free port. TCP and UDP ports are allocated
 * apart, as the kernel's. A binding without a host address takes the daemon's default
 * ({@code berthd --ip}, dockerd's; {@code 0.0.0.0} unless set). Thread-safe: allocation is serialised.
 *
 * <p>Where the proxies send traffic is {@link Targets}' choice, per container: its address on its
 * network once it has one, else loopback inside its namespace (see {@link Upstream}).
 */
public final class PortPublisher implements ContainerHooks, AutoCloseable {
  private static final String PORTS_FILE = "ports.json";
  /** How long connections of a container that is gone may still pass on what it sent. */
  private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(2);

  private record Published(NetnsHandle netns, List<PublishedProxy> proxies) {}

  /**
   * The address a container's published ports are relayed to: its IPv4 address on the network that
   * carries its default route, once attached; empty means {@code 127.0.0.1} inside its namespace.
   * Asked when the container's process exists and its networks are attached ({@code created} hooks
   * run in order: register this publisher after the networking).
   */
  @FunctionalInterface public interface Targets {
    /** Always loopback inside the container's namespace (a container with no veth). */
    Targets LOOPBACK = c -> Optional.empty();

    Optional<InetAddress> of(Container c);
  }

  /** One port to bind: the container port and the host address and port range ({@code [0,0]}: any). */
  private record Want(String containerPort, String hostIp, int first, int last) {}

  private final NetnsSocketFactory sockets;
  private final ContainerPaths paths;
  private final String defaultHostIp;
  private final Targets targets;
  private final Map<String, Published> published = new ConcurrentHashMap<>();
  private final Object allocation = new Object();

  /** Takes ownership of {@code sockets}: {@link #close} closes it. */
  public PortPublisher(NetnsSocketFactory sockets, ContainerPaths paths) {
    this(sockets, paths, "0.0.0.0", Targets.LOOPBACK);
  }

  /**
   * @param defaultHostIp the host address of bindings that name none ({@code berthd --ip})
   * @param targets where each container's ports are relayed to
   */
  public PortPublisher(NetnsSocketFactory sockets, ContainerPaths paths, String defaultHostIp, Targets targets) {
    this.sockets = sockets;
    this.paths = paths;
    this.defaultHostIp = defaultHostIp;
    this.targets = targets;
  }

  /** The ports container {@code id} has published now (empty when it is not running). */
  public List<PortMapping> ports(String id) {
    Published p = published.get(id);
    return p == null ? List.of() : p.proxies().stream().map(PublishedProxy::mapping).toList();
  }

  @Override public void created(Container c, int pid) {
    List<Want> wanted = new ArrayList<>();
    for (PortConfig.Publication p : c.config().host().ports().publications()) {
      // The image's exposed ports join at create, after the request's were checked.
      if (!p.port().protocol().equals("tcp") && !p.port().protocol().equals("udp")) {
        throw BerthException.invalid("publishing %s ports is not supported yet: %s", p.port().protocol(), p.port());
      }
      int[] range = p.binding().hostPortRange();
      wanted.add(new Want(p.port().toString(), p.binding().hostIp(), range[0], range[1]));
    }
    publish(c, pid, wanted);
  }

  @Override public void released(String id) {
    Published p = published.remove(id);
    if (p != null) {
      p.proxies().forEach(proxy -> proxy.release(DRAIN));
      p.netns().close();
    }
    try {
      Files.deleteIfExists(paths.bundle(id).resolve(PORTS_FILE));
    } catch (IOException e) {
      System.err.println("berthd: cannot delete the ports file of " + id + ": " + e.getMessage());
    }
  }

  /**
   * After a berthd restart: publishes again the ports of running containers, on the host ports they had
   * (from their ports file; from their config when there is none). Call before exits are delivered:
   * an exit then releases what this bound. Failures are logged, not thrown.
   */
  public void restore(List<Container> containers) {
    for (Container c : containers) {
      if (!c.state().running() || Files.exists(paths.exitFile(c.id()))) continue;
      try {
        Optional<List<PortMapping>> before = readPortsFile(c.id());
        if (before.isEmpty()) {
          created(c, c.state().pid());
        } else {
          List<Want> wanted = before.get().stream()
              .map(m -> new Want(m.containerPort(), m.hostIp(), m.hostPort(), m.hostPort())).toList();
          publish(c, c.state().pid(), wanted);
        }
      } catch (RuntimeException e) {
        System.err.println("berthd: cannot publish the ports of " + c.id() + " again: " + e.getMessage());
      }
    }
  }

  private void publish(Container c, int pid, List<Want> wanted) {
    if (wanted.isEmpty()) return;
    released(c.id()); // whatever an earlier run left
    NetnsHandle netns;
    try {
      netns = NetnsHandle.ofProcess(pid);
    } catch (IOException e) {
      throw BerthException.internal("cannot join the network namespace of " + c.id() + ": " + e.getMessage(), e);
    }
    List<PublishedProxy> proxies = new ArrayList<>();
    try {
      Upstream upstream = new Upstream(netns, sockets, targets.of(c));
      synchronized (allocation) {
        for (Want w : wanted) proxies.add(bind(c, upstream, w, proxies));
        published.put(c.id(), new Published(netns, List.copyOf(proxies)));
      }
      writePortsFile(c.id(), proxies.stream().map(PublishedProxy::mapping).toList());
    } catch (RuntimeException e) {
      published.remove(c.id());
      closeAll(new Published(netns, proxies));
      throw e;
    }
    proxies.forEach(PublishedProxy::start);
  }

  private static PublishedProxy open(String proto, InetAddress ip, int port, String containerPort, Upstream upstream)
      throws IOException {
    return proto.equals("udp") ? UdpPortProxy.bind(ip, port, containerPort, upstream)
        : PortProxy.bind(ip, port, containerPort, upstream);
  }

  private PublishedProxy bind(Container c, Upstream upstream, Want w, List<PublishedProxy> batch) {
    InetAddress ip = address(w.hostIp().isEmpty() ? defaultHostIp : w.hostIp());
    String shown = ip.getHostAddress();
    String proto = w.containerPort().substring(w.containerPort().indexOf('/') + 1);
    if (w.first() == 0) {
      try {
        return open(proto, ip, 0, w.containerPort(), upstream);
      } catch (IOException e) {
        throw failure(c, "Error starting userland proxy: listen " + proto + " " + shown + ":0: " + e.getMessage(), e);
      }
    }
    IOException last = null;
    for (int port = w.first(); port <= w.last(); port++) {
      if (allocated(proto, shown, port, batch)) {
        if (w.first() == w.last()) {
          throw failure(c, "Bind for " + join(shown, port) + " failed: port is already allocated", null);
        }
        continue;
      }
      try {
        return open(proto, ip, port, w.containerPort(), upstream);
      } catch (BindException e) {
        last = e;
      } catch (IOException e) {
        throw failure(c, "Error starting userland proxy: listen " + proto + " " + join(shown, port) + ": "
            + e.getMessage(), e);
      }
    }
    if (w.first() == w.last()) {
      throw failure(c, "Error starting userland proxy: listen " + proto + "4 " + join(shown, w.first())
          + ": bind: address already in use", last);
    }
    throw failure(c, "Bind for " + join(shown, w.first()) + "-" + w.last() + " failed: port is already allocated", last);
  }

  /**
   * True when a proxy of this daemon holds {@code proto} {@code port} on {@code ip} or on the wildcard
   * (or vice versa).
   */
  private boolean allocated(String proto, String ip, int port, List<PublishedProxy> batch) {
    List<PublishedProxy> all = new ArrayList<>(batch);
    published.values().forEach(p -> all.addAll(p.proxies()));
    for (PublishedProxy p : all) {
      PortMapping m = p.mapping();
      if (m.hostPort() != port || !m.protocol().equals(proto)) continue;
      if (m.hostIp().equals(ip) || isWildcard(m.hostIp()) || isWildcard(ip)) return true;
    }
    return false;
  }

  private static boolean isWildcard(String ip) {
    return ip.equals("0.0.0.0") || ip.equals("::") || ip.equals("0:0:0:0:0:0:0:0");
  }

  private static String join(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  private static InetAddress address(String hostIp) {
    try {
      // Literals only (validated at create): no name lookup happens here.
      return InetAddress.getByName(hostIp.isEmpty() ? "0.0.0.0" : hostIp);
    } catch (IOException e) {
      throw BerthException.invalid("invalid IP address: %s", hostIp);
    }
  }

  private static BerthException failure(Container c, String what, Throwable cause) {
    return BerthException.internal("driver failed programming external connectivity on endpoint " + c.name()
        + " (" + c.id() + "): " + what, cause);
  }

  private void writePortsFile(String id, List<PortMapping> mappings) {
    try {
      // No fsync on the start path: a torn file after a crash reads as absent (then the config decides).
      Files.write(paths.bundle(id).resolve(PORTS_FILE), Json.bytes(mappings));
    } catch (IOException e) {
      throw BerthException.internal("cannot record the published ports of " + id + ": " + e.getMessage(), e);
    }
  }

  private Optional<List<PortMapping>> readPortsFile(String id) {
    Path file = paths.bundle(id).resolve(PORTS_FILE);
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(Arrays.asList(Json.read(Files.readAllBytes(file), PortMapping[].class)));
    } catch (IOException | RuntimeException e) {
      System.err.println("berthd: unreadable " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static void closeAll(Published p) {
    p.proxies().forEach(PublishedProxy::close);
    p.netns().close();
  }

  /** Stops every proxy (berthd is stopping; the containers and their ports files stay). */
  @Override public void close() {
    for (String id : List.copyOf(published.keySet())) {
      Published p = published.remove(id);
      if (p != null) closeAll(p);
    }
    sockets.close();
  }
}
