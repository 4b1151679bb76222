package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerState;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's {@code GET /containers/json} selection (moby {@code daemon/list.go}): every filter
 * docker accepts ({@code ancestor before exited health id is-task isolation label name network
 * publish expose since status volume}), validated with docker's messages, and docker's iteration
 * over containers newest first with {@code all}, {@code limit}, {@code before} and {@code since}.
 *
 * <p>Matching follows docker's {@code filters.Args}: {@code name}, {@code id} and {@code status}
 * are exact or regular-expression matches (unanchored), {@code label} is {@code key} or
 * {@code key=value}, {@code health} is exact. Ports, mounts and networks are read from the
 * container's summary document, so they follow whatever the summary reports.
 */
final class ContainerFilters {
  static final Set<String> ACCEPTED = Set.of("ancestor", "before", "exited", "id", "isolation", "label", "name",
      "status", "health", "since", "volume", "network", "is-task", "publish", "expose");
  private static final List<String> STATES = List.of("created", "running", "paused", "restarting", "removing", "exited", "dead");
  private static final List<String> HEALTHS = List.of("none", "starting", "healthy", "unhealthy");

  private ContainerFilters() {}

  /**
   * The containers to list, newest first.
   *
   * @param summary the summary document of a container (for ports, mounts, networks)
   * @param health  a container's health status ({@code none} without a healthcheck)
   */
  static List<Container> select(ContainerService containers, ApiRequest.Filters f, boolean all, int limit,
      Function<Container, Map<String, Object>> summary, Function<Container, String> health) {
    f.only(ACCEPTED.toArray(String[]::new));
    List<Integer> exited = new ArrayList<>();
    for (String v : f.get("exited")) {
      try {
        exited.add(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid filter 'exited=%s': strconv.Atoi: parsing %s: invalid syntax", v, goQuote(v));
      }
    }
    for (String v : f.get("status")) {
      if (!STATES.contains(v)) {
        throw BerthException.invalid("invalid filter 'status=%s': invalid value for state (%s): must be one of %s",
            v, v, String.join(", ", STATES));
      }
      all = true;
    }
    Optional<Boolean> isTask = bool(f, "is-task");
    for (String v : f.get("health")) {
      if (!HEALTHS.contains(v)) {
        throw BerthException.invalid("invalid filter 'health=%s': invalid value for health (%s): must be one of %s",
            v, v, String.join(", ", HEALTHS));
      }
    }
    Optional<String> before = Optional.empty();
    for (String v : f.get("before")) before = Optional.of(containers.get(v).id());
    Optional<String> since = Optional.empty();
    for (String v : f.get("since")) since = Optional.of(containers.get(v).id());
    Set<String> ancestors = new HashSet<>();
    for (String v : f.get("ancestor")) {
      try {
        ancestors.add(containers.images().resolve(v).imageId().toString());
      } catch (BerthException e) {
        // docker logs "Error while looking up for image" and goes on
      }
    }
    Set<String> publish = ports(f, "publish");
    Set<String> expose = ports(f, "expose");

    List<Container> candidates = containers.list();
    if (!f.get("id").isEmpty()) {
      Set<String> byPrefix = new HashSet<>();
      for (String v : f.get("id")) {
        List<Container> m = candidates.stream().filter(c -> c.id().startsWith(v)).toList();
        if (m.size() == 1) byPrefix.add(m.getFirst().id());
      }
      candidates = candidates.stream().filter(c -> byPrefix.contains(c.id())).toList();
    }

    List<Container> out = new ArrayList<>();
    for (Container c : candidates) {
      if (before.isPresent()) {
        if (c.id().equals(before.get())) before = Optional.empty();
        continue;
      }
      if (since.isPresent() && c.id().equals(since.get())) break;
      ContainerState s = c.state();
      // Docker's State.Running: also true while paused and while waiting for a policy restart.
      if (!s.dockerRunning() && !all && limit <= 0) continue;
      if (!match(f, "name", "/" + c.name()) && !match(f, "name", c.name())) continue;
      if (!match(f, "id", c.id())) continue;
      if (isTask.isPresent() && isTask.get()) continue; // no container of berth is a swarm task
      if (!matchLabels(f.get("label"), c.config().labels())) continue;
      if (!match(f, "isolation", "default")) continue;
      if (limit > 0 && out.size() == limit) break;
      if (!exited.isEmpty() && !(exited.contains(s.exitCode()) && !s.dockerRunning() && s.startedAt().isPresent())) continue;
      if (!match(f, "status", s.status().word())) continue;
      if (!f.get("health").isEmpty() && !f.get("health").contains(health.apply(c))) continue;
      if (!f.get("volume").isEmpty() && !volume(f.get("volume"), summary.apply(c))) continue;
      if (!ancestors.isEmpty() || !f.get("ancestor").isEmpty()) {
        if (!ancestors.contains(c.imageId().toString())) continue;
      }
      if (!f.get("network").isEmpty() && !network(f.get("network"), summary.apply(c))) continue;
      if ((!publish.isEmpty() || !expose.isEmpty()) && !ports(publish, expose, summary.apply(c))) continue;
      out.add(c);
    }
    return out;
  }

  /** Docker's {@code Match}: no values, an exact value, or a regular expression found in {@code source}. */
  static boolean match(ApiRequest.Filters f, String key, String source) {
    List<String> values = f.get(key);
    if (values.isEmpty() || values.contains(source)) return true;
    for (String v : values) {
      try {
        if (Pattern.compile(v).matcher(source).find()) return true;
      } catch (PatternSyntaxException e) {
        // docker skips values that are not valid expressions
      }
    }
    return false;
  }

  /** Docker's {@code MatchKVList}: every "key" must be present, every "key=value" must have that value. */
  static boolean matchLabels(List<String> values, Map<String, String> labels) {
    if (values.isEmpty()) return true;
    if (labels.isEmpty()) return false;
    for (String v : values) {
      int eq = v.indexOf('=');
      String k = eq < 0 ? v : v.substring(0, eq);
      if (!labels.containsKey(k)) return false;
      if (eq >= 0 && !v.substring(eq + 1).equals(labels.get(k))) return false;
    }
    return true;
  }

  private static Optional<Boolean> bool(ApiRequest.Filters f, String key) {
    if (!f.values().containsKey(key)) return Optional.empty();
    List<String> v = f.get(key);
    boolean isFalse = v.contains("0") || v.contains("false");
    boolean isTrue = v.contains("1") || v.contains("true");
    if (isFalse == isTrue) throw BerthException.invalid("invalid filter '%s=[%s]'", key, String.join(" ", v));
    return Optional.of(isTrue);
  }

  /** "80", "80/udp", "8000-8010/tcp" as the set "port/proto". */
  private static Set<String> ports(ApiRequest.Filters f, String key) {
    Set<String> out = new HashSet<>();
    for (String v : f.get(key)) {
      if (v.contains(":")) throw BerthException.invalid("filter for '%s' should not contain ':': %s", key, v);
      String[] pp = v.split("/", 2);
      String proto = pp.length == 2 ? pp[1] : "tcp";
      String[] range = pp[0].split("-", 2);
      try {
        int start = Integer.parseInt(range[0]);
        int end = range.length == 2 ? Integer.parseInt(range[1]) : start;
        if (start < 0 || end > 65535 || end < start) throw new NumberFormatException();
        for (int p = start; p <= end; p++) out.add(p + "/" + proto);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("error while looking up for %s %s: invalid port", key, v);
      }
    }
    return out;
  }

  private static boolean ports(Set<String> publish, Set<String> expose, Map<String, Object> summary) {
    if (!(summary.get("Ports") instanceof List<?> ports)) return false;
    for (Object o : ports) {
      if (!(o instanceof Map<?, ?> p)) continue;
      Object type = p.get("Type");
      if (publish.contains(p.get("PublicPort") + "/" + type) || expose.contains(p.get("PrivatePort") + "/" + type)) return true;
    }
    return false;
  }

  private static boolean volume(List<String> values, Map<String, Object> summary) {
    if (!(summary.get("Mounts") instanceof List<?> mounts)) return false;
    for (Object o : mounts) {
      if (!(o instanceof Map<?, ?> m)) continue;
      Object name = m.get("Name") instanceof String n && !n.isEmpty() ? n : m.get("Source");
      if (values.contains(m.get("Destination")) || values.contains(name)) return true;
    }
    return false;
  }

  private static boolean network(List<String> values, Map<String, Object> summary) {
    if (!(summary.get("NetworkSettings") instanceof Map<?, ?> ns) || !(ns.get("Networks") instanceof Map<?, ?> nets)) return false;
    for (String v : values) {
      if (nets.containsKey(v)) return true;
      for (Object ep : nets.values()) {
        if (ep instanceof Map<?, ?> e && e.get("NetworkID") instanceof String id && id.startsWith(v)) return true;
      }
    }
    return false;
  }

  private static String goQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
