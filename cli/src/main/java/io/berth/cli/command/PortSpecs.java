package io.berth.cli.command;

import io.berth.client.model.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * docker's {@code -p} and {@code --expose} syntax (go-connections {@code nat.ParsePortSpec}, the CLI's
 * long form {@code published=8080,target=80,protocol=tcp}), with its error texts. Every published
 * port is exposed too, as the docker CLI does (the daemon publishes exposed ports only).
 */
final class PortSpecs {
  /** Exposed port keys ({@code 80/tcp}) and the bindings per key, in the order given. */
  record Parsed(Set<String> exposed, Map<String, List<PortBinding>> bindings) {}

  private PortSpecs() {}

  static Parsed parse(List<String> publish, List<String> expose) {
    Set<String> exposed = new LinkedHashSet<>();
    Map<String, List<PortBinding>> bindings = new LinkedHashMap<>();
    for (String raw : publish) {
      String spec = raw.contains("=") ? longForm(raw) : raw;
      parseOne(spec, exposed, bindings);
    }
    for (String e : expose) {
      String[] protoPort = splitProto(e);
      int[] range = range(protoPort[1]);
      if (range == null) throw new IllegalArgumentException("invalid range format for --expose: invalid start port '" + protoPort[1] + "'");
      for (int p = range[0]; p <= range[1]; p++) exposed.add(p + "/" + protoPort[0]);
    }
    return new Parsed(exposed, bindings);
  }

  /** {@code published=8080,target=80,protocol=udp} → {@code 8080:80/udp}. */
  private static String longForm(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("protocol", "tcp");
    for (String param : raw.split(",")) {
      int eq = param.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid publish opts format (should be name=value but got '" + param + "')");
      }
      params.put(param.substring(0, eq), param.substring(eq + 1));
    }
    return params.getOrDefault("published", "") + ":" + params.getOrDefault("target", "") + "/" + params.get("protocol");
  }

  private static void parseOne(String raw, Set<String> exposed, Map<String, List<PortBinding>> bindings) {
    String[] parts = raw.split(":", -1);
    String ip;
    String hostPort;
    String containerPort;
    switch (parts.length) {
      case 1 -> { ip = ""; hostPort = ""; containerPort = parts[0]; }
      case 2 -> { ip = ""; hostPort = parts[0]; containerPort = parts[1]; }
      case 3 -> { ip = parts[0]; hostPort = parts[1]; containerPort = parts[2]; }
      default -> {
        int n = parts.length;
        ip = String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2));
        hostPort = parts[n - 2];
        containerPort = parts[n - 1];
      }
    }
    String[] protoPort = splitProto(containerPort);
    String proto = protoPort[0];
    containerPort = protoPort[1];
    if (containerPort.isEmpty()) throw new IllegalArgumentException("no port specified: " + raw + "<empty>");
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new IllegalArgumentException("invalid proto: " + proto);
    }
    if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
    if (!ip.isEmpty() && !isIp(ip)) throw new IllegalArgumentException("invalid IP address: " + ip);
    int[] c = range(containerPort);
    if (c == null) throw new IllegalArgumentException("invalid containerPort: " + containerPort);
    int[] h = null;
    if (!hostPort.isEmpty()) {
      h = range(hostPort);
      if (h == null) throw new IllegalArgumentException("invalid hostPort: " + hostPort);
      if (c[1] - c[0] != h[1] - h[0] && c[1] != c[0]) {
        throw new IllegalArgumentException("invalid ranges specified for container and host Ports: " + containerPort
            + " and " + hostPort);
      }
    }
    int count = c[1] - c[0] + 1;
    for (int i = 0; i < count; i++) {
      String hp = "";
      if (h != null) {
        hp = Integer.toString(h[0] + i);
        // A single container port with a host range: the daemon takes a free port of the range.
        if (count == 1 && h[0] != h[1]) hp += "-" + h[1];
      }
      String key = (c[0] + i) + "/" + proto;
      exposed.add(key);
      bindings.computeIfAbsent(key, k -> new ArrayList<>()).add(new PortBinding(ip, hp));
    }
  }

  /** {@code 80/UDP} → {@code [udp, 80]}; no protocol means tcp. */
  private static String[] splitProto(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return new String[] {"tcp", s};
    String proto = s.substring(slash + 1).toLowerCase(Locale.ROOT);
    return new String[] {proto.isEmpty() ? "tcp" : proto, s.substring(0, slash)};
  }

  /** {@code 80} or {@code 80-90} as {@code [first, last]}; null when malformed. */
  private static int[] range(String s) {
    int dash = s.indexOf('-');
    Integer first = port(dash < 0 ? s : s.substring(0, dash));
    Integer last = dash < 0 ? first : port(s.substring(dash + 1));
    if (first == null || last == null || last < first) return null;
    return new int[] {first, last};
  }

  private static Integer port(String s) {
    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return null;
    int v = Integer.parseInt(s);
    return v > 65535 ? null : v;
  }

  private static boolean isIp(String s) {
    if (s.contains(":")) return s.matches("[0-9A-Fa-f:.]+");
    String[] p = s.split("\\.", -1);
    if (p.length != 4) return false;
    for (String o : p) {
      Integer v = port(o);
      if (v == null || v > 255) return false;
    }
    return true;
  }
}
