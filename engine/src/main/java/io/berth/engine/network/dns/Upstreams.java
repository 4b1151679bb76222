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
 * The DNS servers forwarded questions go to: the host's, read from its resolv.conf. Loopback servers
 * are useless from a container's view and systemd-resolved's stub (127.0.0.53) is one: when the host's
 * file names only loopback servers, systemd's real list ({@code /run/systemd/resolve/resolv.conf}) is
 * read instead — the classic Docker breakage. With nothing left, Google's public servers, as Docker.
 */
public final class Upstreams {
  private static final List<String> FALLBACK = List.of("8.8.8.8", "8.8.4.4");

  private Upstreams() {}

  /** The host's upstream servers from {@code resolvConf}, or systemd's list, or the fallback. */
  public static List<InetSocketAddress> ofHost(Path resolvConf, Path systemdResolvConf) {
    List<String> servers = usable(read(resolvConf));
    if (servers.isEmpty()) servers = usable(read(systemdResolvConf));
    if (servers.isEmpty()) servers = FALLBACK;
    return addresses(servers);
  }

  /** {@code servers} (IP literals) on port 53; anything else is skipped. */
  public static List<InetSocketAddress> addresses(List<String> servers) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : servers) {
      if (!s.matches("[0-9.]+") && !s.contains(":")) continue; // literals only: never a lookup here
      try {
        out.add(new InetSocketAddress(InetAddress.getByName(s), 53));
      } catch (UnknownHostException e) {
        // not an address: skipped
      }
    }
    return out;
  }

  /** The {@code nameserver} entries of a resolv.conf text. */
  static List<String> nameservers(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) out.add(f[1]);
    }
    return out;
  }

  private static List<String> read(Path file) {
    try {
      return nameservers(Files.readString(file));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<String> usable(List<String> servers) {
    return servers.stream().filter(s -> !s.startsWith("127.") && !s.equals("::1")).toList();
  }
}
