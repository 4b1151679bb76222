package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container's ports as the user asked for them: {@code Config.ExposedPorts},
 * {@code HostConfig.PortBindings} and {@code HostConfig.PublishAllPorts} ({@code --expose},
 * {@code -p}, {@code -P}). Keys are normalised to {@code <port>/<proto>}.
 *
 * <p>Docker's rule (moby {@code daemon/network.go}) decides what is published: every exposed port
 * with its bindings, or, with {@code publishAll} and no binding, one binding to an ephemeral host
 * port. A binding of a port that is not exposed publishes nothing (the docker CLI exposes what
 * {@code -p} names).
 *
 * @param exposed   exposed ports ({@code 8080/tcp}), sorted, no duplicates
 * @param bindings  per exposed-port key, the host bindings in the order given
 */
public record PortConfig(List<String> exposed, Map<String, List<Binding>> bindings, boolean publishAll) {
  public static final PortConfig NONE = new PortConfig(List.of(), Map.of(), false);

  public PortConfig {
    exposed = exposed == null ? List.of() : List.copyOf(new TreeSet<>(exposed));
    Map<String, List<Binding>> b = new LinkedHashMap<>();
    if (bindings != null) bindings.forEach((k, v) -> b.put(k, List.copyOf(v)));
    bindings = java.util.Collections.unmodifiableMap(b);
  }

  /**
   * One host binding: {@code hostIp} empty means every IPv4 address; {@code hostPort} empty means an
   * ephemeral port, else one port or a range ({@code 8000-8010}) to take the first free one from.
   */
  public record Binding(String hostIp, String hostPort) {
    public Binding {
      hostIp = hostIp == null ? "" : hostIp;
      hostPort = hostPort == null ? "" : hostPort;
    }

    /** The host port range {@code [first, last]}; {@code [0, 0]} for an ephemeral port. */
    public int[] hostPortRange() {
      if (hostPort.isEmpty()) return new int[] {0, 0};
      int dash = hostPort.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? hostPort : hostPort.substring(0, dash));
      int last = dash < 0 ? first : Integer.parseInt(hostPort.substring(dash + 1));
      return new int[] {first, last};
    }
  }

  /** A container port with its protocol, Docker's {@code nat.Port}: {@code 8080/tcp}. */
  public record Port(int number, String protocol) {
    /**
     * Parses {@code 8080}, {@code 8080/tcp}, {@code 53/udp}; refuses other forms with Docker's
     * {@code invalid port specification: "..."}.
     */
    public static Port parse(String key) {
      int slash = key.indexOf('/');
      String num = slash < 0 ? key : key.substring(0, slash);
      String proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
      int n = parseNumber(num);
      if (n <= 0) throw BerthException.invalid("invalid port specification: \"%s\"", num);
      if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
        throw BerthException.invalid("invalid proto: %s", proto);
      }
      return new Port(n, proto);
    }

    @Override public String toString() { return number + "/" + protocol; }
  }

  /** One port to publish: the container port and where on the host. */
  public record Publication(Port port, Binding binding) {}

  /**
   * Validates and normalises what a create request carries, with Docker's messages (moby
   * {@code validatePortBindings}). Host IPs must be IP literals.
   */
  public static PortConfig of(List<String> exposedKeys, Map<String, List<Binding>> bindingsByKey, boolean publishAll) {
    List<String> exposed = new ArrayList<>();
    for (String k : exposedKeys) exposed.add(Port.parse(k).toString());
    Map<String, List<Binding>> bindings = new LinkedHashMap<>();
    for (var e : bindingsByKey.entrySet()) {
      String key = Port.parse(e.getKey()).toString();
      for (Binding b : e.getValue()) {
        if (!validHostPort(b.hostPort())) throw BerthException.invalid("invalid port specification: \"%s\"", b.hostPort());
        if (!b.hostIp().isEmpty() && !isIpLiteral(b.hostIp())) {
          throw BerthException.invalid("invalid IP address: %s", b.hostIp());
        }
      }
      bindings.computeIfAbsent(key, k -> new ArrayList<>()).addAll(e.getValue());
    }
    PortConfig config = new PortConfig(exposed, bindings, publishAll);
    for (Publication p : config.publications()) {
      // SCTP would need a proxy of its own (docker-proxy has one); TCP and UDP have theirs.
      if (p.port().protocol().equals("sctp")) {
        throw BerthException.invalid("publishing %s ports is not supported yet: %s", p.port().protocol(), p.port());
      }
    }
    return config;
  }

  /** What to publish, in exposed-port order (Docker's rule, see the class comment). */
  public List<Publication> publications() {
    List<Publication> out = new ArrayList<>();
    for (String key : exposed) {
      Port port = Port.parse(key);
      List<Binding> bs = bindings.getOrDefault(key, List.of());
      for (Binding b : bs) out.add(new Publication(port, b));
      if (bs.isEmpty() && publishAll) out.add(new Publication(port, new Binding("", "")));
    }
    return out;
  }

  /** A copy with the image's exposed ports added (Docker merges them into the container's). */
  public PortConfig withExposed(java.util.Collection<String> more) {
    if (more.isEmpty()) return this;
    List<String> all = new ArrayList<>(exposed);
    for (String k : more) all.add(Port.parse(k).toString());
    return new PortConfig(all, bindings, publishAll);
  }

  /** {@code ""}, {@code N} or {@code N-M} with {@code 0 < N <= M < 65536} (an explicit 0 means ephemeral). */
  static boolean validHostPort(String s) {
    if (s.isEmpty()) return true;
    int dash = s.indexOf('-');
    int first = parseNumber(dash < 0 ? s : s.substring(0, dash));
    int last = dash < 0 ? first : parseNumber(s.substring(dash + 1));
    return first >= 0 && last >= first && (dash < 0 || first > 0);
  }

  private static int parseNumber(String s) {
    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return -1;
    int n = Integer.parseInt(s);
    return n > 65535 ? -1 : n;
  }

  private static boolean isIpLiteral(String s) {
    if (s.contains(":")) return s.matches("[0-9A-Fa-f:.]+");
    String[] p = s.split("\\.", -1);
    if (p.length != 4) return false;
    for (String o : p) {
      int v = parseNumber(o);
      if (v < 0 || v > 255) return false;
    }
    return true;
  }
}
