package io.berth.engine.network;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerConfig;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.NetworkOptions;
import io.berth.engine.network.dns.ResolvConf;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A networked container's {@code /etc/hosts} and {@code /etc/resolv.conf}, written into its bundle
 * (they are bind-mounted, so they are rewritten in place, never replaced: the mount follows the
 * inode). hosts: Docker's defaults, the {@code --add-host} entries ({@code host-gateway} is the
 * default bridge's gateway), then the container's own address and hostname. resolv.conf: by
 * {@link ResolvConf}'s rules — the embedded DNS server (the network's gateway) on user-defined
 * networks; on the default bridge and {@code none} the host's servers without loopback ones (Google's
 * when none is left); the host's on {@code --network host}; {@code --dns*} options override.
 */
public final class ContainerNetFiles {
  private static final String DEFAULTS = """
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      ff00::0\tip6-mcastprefix
      ff02::1\tip6-allnodes
      ff02::2\tip6-allrouters
      """;

  private final ContainerPaths paths;
  private final Supplier<String> hostGateway;
  private final Supplier<ResolvConf> hostResolvConf;

  /**
   * @param hostGateway    the address {@code host-gateway} stands for
   * @param hostResolvConf the host's resolv.conf ({@link ResolvConf#ofHost}), read again for every file
   */
  public ContainerNetFiles(ContainerPaths paths, Supplier<String> hostGateway, Supplier<ResolvConf> hostResolvConf) {
    this.paths = paths;
    this.hostGateway = hostGateway;
    this.hostResolvConf = hostResolvConf;
  }

  public void write(Container c, List<ContainerNetworking.Joined> joined) {
    ContainerConfig cfg = c.config();
    if (cfg.host().networkContainer().isPresent()) return; // it sees the other container's files
    Path bundle = paths.bundle(c.id());
    try {
      Files.writeString(bundle.resolve("hosts"), hosts(c, joined));
      Files.writeString(bundle.resolve("resolv.conf"), resolvConf(cfg.host().network(), joined,
          cfg.host().hostNetwork()));
    } catch (IOException e) {
      throw BerthException.internal("writing the hosts files of " + c.shortId() + ": " + e.getMessage(), e);
    }
  }

  String hosts(Container c, List<ContainerNetworking.Joined> joined) throws IOException {
    ContainerConfig cfg = c.config();
    StringBuilder sb = new StringBuilder();
    if (cfg.host().hostNetwork() && Files.isReadable(Path.of("/etc/hosts"))) {
      sb.append(Files.readString(Path.of("/etc/hosts")));
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
    } else {
      sb.append(DEFAULTS);
    }
    for (String h : cfg.host().network().extraHosts()) sb.append(extraHost(h, hostGateway)).append('\n');
    if (cfg.host().hostNetwork()) return sb.toString();
    String names = cfg.domainname().isEmpty() ? cfg.hostname()
        : cfg.hostname() + "." + cfg.domainname() + " " + cfg.hostname();
    String ip = joined.stream().map(j -> j.endpoint().dottedAddress()).flatMap(java.util.Optional::stream)
        .findFirst().orElse(joined.isEmpty() ? "127.0.1.1" : "");
    if (!ip.isEmpty()) sb.append(ip).append('\t').append(names).append('\n');
    return sb.toString();
  }

  /** {@code name:ip} or {@code name=ip} (Docker accepts both) as a hosts line; IPv6 keeps its colons. */
  static String extraHost(String spec, Supplier<String> hostGateway) {
    int eq = spec.indexOf('=');
    int sep = eq >= 0 ? eq : spec.indexOf(':');
    if (sep <= 0 || sep == spec.length() - 1) throw BerthException.invalid("invalid argument \"%s\" for add-host", spec);
    String name = spec.substring(0, sep);
    String ip = spec.substring(sep + 1);
    if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
    if (ip.equals("host-gateway")) ip = hostGateway.get();
    return ip + "\t" + name;
  }

  /** The container's resolv.conf by Docker's rules ({@link ResolvConf#forContainer}). */
  String resolvConf(NetworkOptions o, List<ContainerNetworking.Joined> joined, boolean hostNetwork) {
    var embedded = joined.stream().map(ContainerNetworking.Joined::network)
        .filter(n -> !n.isDefaultBridge() && n.isBridge()).findFirst();
    // networks are IPv4 only: IPv6 servers are dropped as on Docker's bridge without IPv6
    ResolvConf.Mode mode = hostNetwork ? new ResolvConf.Mode.HostNetwork()
        : embedded.<ResolvConf.Mode>map(n -> new ResolvConf.Mode.Embedded(n.gateway().orElseThrow()))
            .orElse(new ResolvConf.Mode.Legacy(false));
    return ResolvConf.forContainer(hostResolvConf.get(), mode,
        new ResolvConf.Overrides(o.dns(), o.dnsSearch(), o.dnsOptions()));
  }
}
