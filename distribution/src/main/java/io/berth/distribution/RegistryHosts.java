package io.berth.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a reference's domain is served, and how: {@code docker.io} is {@code registry-1.docker.io};
 * {@code localhost}, {@code 127.0.0.0/8} (Docker's built-in insecure range) and the daemon's
 * {@code --insecure-registry} entries (host[:port] or a CIDR) try HTTPS without certificate checks
 * first and fall back to HTTP, as Docker does; everything else is HTTPS, trusting the system CAs plus
 * the registry's {@link RegistryCerts} (certs.d) CAs, and offering its client certificate.
 */
public final class RegistryHosts {
  /** How to reach one registry. */
  public enum Mode { HTTPS, INSECURE_HTTPS_THEN_HTTP, HTTP }

  private final List<String> insecure;
  private final RegistryCerts certs;

  /** With dockerd's certs.d ({@code /etc/docker/certs.d}) only. */
  public RegistryHosts(List<String> insecureRegistries) {
    this(insecureRegistries, new RegistryCerts(List.of(RegistryCerts.DOCKER_CERTS_D)));
  }

  public RegistryHosts(List<String> insecureRegistries, RegistryCerts certs) {
    this.insecure = insecureRegistries.stream().map(s -> stripScheme(s).toLowerCase(Locale.ROOT)).toList();
    this.certs = certs;
  }

  /** Per-registry CAs and client certificates. */
  public RegistryCerts certs() { return certs; }

  /** The host[:port] to contact for a reference's domain. */
  public static String endpoint(String domain) {
    return domain.equals("docker.io") || domain.equals("index.docker.io") ? "registry-1.docker.io" : domain;
  }

  /** The domain a {@code serveraddress} names ({@code https://index.docker.io/v1/} → docker.io). */
  public static String domainOf(String serverAddress) {
    String s = stripScheme(serverAddress.strip());
    int slash = s.indexOf('/');
    if (slash >= 0) s = s.substring(0, slash);
    if (s.isEmpty() || s.equals("index.docker.io") || s.equals("registry-1.docker.io")) return "docker.io";
    return s;
  }

  public Mode mode(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    String host = hostOnly(h);
    // Loopback is insecure, not plain: a TLS registry on 127.0.0.1 is spoken to over HTTPS (unverified).
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")) {
      return Mode.INSECURE_HTTPS_THEN_HTTP;
    }
    for (String entry : insecure) {
      if (entry.equals(h) || entry.equals(host) || inCidr(entry, host)) return Mode.INSECURE_HTTPS_THEN_HTTP;
    }
    return Mode.HTTPS;
  }

  /** The base URI ({@code scheme://host:port}) for {@code scheme}. */
  public static URI base(String scheme, String hostPort) {
    return URI.create(scheme + "://" + hostPort);
  }

  private static String hostOnly(String hostPort) {
    if (hostPort.startsWith("[")) return hostPort.substring(0, hostPort.indexOf(']') + 1);
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  private static String stripScheme(String s) {
    int i = s.indexOf("://");
    return i < 0 ? s : s.substring(i + 3);
  }

  private static boolean inCidr(String cidr, String host) {
    int slash = cidr.indexOf('/');
    if (slash < 0 || !host.matches("[0-9.]+")) return false;
    try {
      byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      byte[] addr = InetAddress.getByName(host).getAddress();
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      if (net.length != addr.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (addr[i / 8] & mask)) return false;
      }
      return true;
    } catch (java.io.IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }
}
