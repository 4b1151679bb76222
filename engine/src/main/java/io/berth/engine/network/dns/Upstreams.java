package io.berth.engine.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS servers forwarded questions go to.
 *
 * <p>The host's come from its resolv.conf, chosen as Docker chooses it: {@code /etc/resolv.conf},
 * unless its only server is systemd-resolved's stub 127.0.0.53, then systemd's real list
 * ({@code /run/systemd/resolve/resolv.conf}, when it exists) — the stub forwards to those anyway, and
 * a container's file must never name it (the classic Docker breakage). Loopback servers in the host's
 * file are kept for forwarding: the embedded servers run in berthd, in the host's network namespace,
 * where a local dnsmasq or the stub do answer (Docker 25+ forwards to them from the host's namespace
 * for the same reason); only containers' own files drop them ({@link ResolvConf}). With no server
 * at all, Google's public 8.8.8.8 and 8.8.4.4, as Docker.
 *
 * <p>A container's {@code --dns} servers replace the host's. Loopback ones among them mean the
 * container's own loopback, which berthd cannot reach from its namespace: they are skipped.
 */
public final class Upstreams {
  /** Docker's default servers when the host names none. */
  public static final List<String> FALLBACK = List.of("8.8.8.8", "8.8.4.4");
  public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
  public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");
  private static final String SYSTEMD_STUB = "127.0.0.53";

  private Upstreams() {}

  /** The resolv.conf Docker reads for the host's servers: {@code etc}, or systemd's for a stub-only {@code etc}. */
  public static Path hostFile(Path etc, Path systemd) {
    List<String> servers = ResolvConf.parse(read(etc)).nameservers();
    if (servers.equals(List.of(SYSTEMD_STUB)) && Files.isReadable(systemd)) return systemd;
    return etc;
  }

  /** The host's upstream servers (port 53): those of {@link #hostFile}, or the fallback. */
  public static List<InetSocketAddress> ofHost(Path etc, Path systemd) {
    List<InetSocketAddress> out = addresses(ResolvConf.ofHost(etc, systemd).nameservers(), true);
    return out.isEmpty() ? addresses(FALLBACK, false) : out;
  }

  /** A container's {@code --dns} servers (IP literals, port 53); loopback and non-addresses skipped. */
  public static List<InetSocketAddress> addresses(List<String> servers) { return addresses(servers, false); }

  private static List<InetSocketAddress> addresses(List<String> servers, boolean keepLoopback) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : servers) {
      literal(s).filter(a -> keepLoopback || !a.isLoopbackAddress()).ifPresent(a -> out.add(new InetSocketAddress(a, 53)));
    }
    return out;
  }

  /** {@code s} as an address if it is an IP literal; never a name lookup. */
  static java.util.Optional<InetAddress> literal(String s) {
    boolean v4 = s.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // with a colon the JDK parses an IPv6 literal (scope suffix included) and never looks it up
    if (!v4 && !(s.contains(":") && s.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?"))) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return ""; // missing or unreadable: no servers from it
    }
  }
}
