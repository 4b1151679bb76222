package io.berth.cli.format;

import io.berth.client.model.PortSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * docker's {@code DisplayablePorts}: ports sorted, consecutive private ports of the same protocol
 * (and same host IP when published to the same port number) grouped into ranges, other host mappings
 * listed last as {@code ip:public->private/proto} (IPv6 in brackets).
 */
public final class Ports {
  private Ports() {}

  private static final class Group {
    int first;
    int last;

    Group(int p) { first = p; last = p; }
  }

  public static String displayable(List<PortSummary> input) {
    var ports = new ArrayList<>(input);
    ports.sort(Comparator.comparingInt(PortSummary::privatePort)
        .thenComparing(PortSummary::ip)
        .thenComparingInt(PortSummary::publicPort)
        .thenComparing(PortSummary::type));
    var groups = new LinkedHashMap<String, Group>();
    var result = new ArrayList<String>();
    var hostMappings = new ArrayList<String>();
    for (PortSummary p : ports) {
      int current = p.privatePort();
      String key = p.type();
      if (!p.ip().isEmpty()) {
        if (p.publicPort() != current) {
          hostMappings.add(joinHostPort(p.ip(), p.publicPort()) + "->" + current + "/" + p.type());
          continue;
        }
        key = p.ip() + "/" + p.type();
      }
      Group g = groups.get(key);
      if (g == null) {
        groups.put(key, new Group(current));
        continue;
      }
      if (current == g.last + 1) {
        g.last = current;
        continue;
      }
      result.add(formGroup(key, g.first, g.last));
      // Go replaces the map value but keeps the key's original insertion position
      groups.put(key, new Group(current));
    }
    groups.forEach((k, g) -> result.add(formGroup(k, g.first, g.last)));
    result.addAll(hostMappings);
    return String.join(", ", result);
  }

  private static String formGroup(String key, int first, int last) {
    int slash = key.lastIndexOf('/');
    String ip = slash >= 0 ? key.substring(0, slash) : "";
    String type = slash >= 0 ? key.substring(slash + 1) : key;
    String group = first == last ? Integer.toString(first) : first + "-" + last;
    if (!ip.isEmpty()) group = host(ip) + ":" + group + "->" + group;
    return group + "/" + type;
  }

  private static String joinHostPort(String ip, int port) { return host(ip) + ":" + port; }

  /** Go's net.JoinHostPort brackets IPv6 addresses. */
  private static String host(String ip) { return ip.contains(":") ? "[" + ip + "]" : ip; }
}
