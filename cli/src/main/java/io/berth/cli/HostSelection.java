package io.berth.cli;

import java.util.List;
import java.util.Map;

/**
 * Which daemon to talk to: {@code -H/--host}, else {@code BERTH_HOST}, else {@code DOCKER_HOST},
 * else {@value #DEFAULT}. The first one given wins; there is no fallback to the next when it does not
 * answer (as in docker: a silently different daemon would be worse than a clear error).
 */
public final class HostSelection {
  public static final String DEFAULT = "unix:///run/berth/berth.sock";

  private HostSelection() {}

  public static String select(List<String> hostOptions, Map<String, String> env) {
    if (hostOptions.size() > 1) throw new IllegalArgumentException("specify only one -H");
    if (!hostOptions.isEmpty()) return normalise(hostOptions.getFirst());
    for (String var : List.of("BERTH_HOST", "DOCKER_HOST")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) return normalise(v.strip());
    }
    return DEFAULT;
  }

  /** Accepts what docker accepts for unix and tcp: a bare path means unix, host:port means tcp. */
  static String normalise(String host) {
    if (host.startsWith("unix://") || host.startsWith("tcp://")) return host;
    if (host.startsWith("/")) return "unix://" + host;
    if (host.startsWith("http://")) return "tcp://" + host.substring(7);
    if (host.contains("://")) throw new IllegalArgumentException("unsupported daemon host: " + host + " (berth speaks unix:// and tcp://)");
    return "tcp://" + host;
  }
}
