package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services in start order: each after the services it depends on, file order otherwise. */
public final class DependencyOrder {
  private DependencyOrder() {}

  /**
   * The services of {@code services} in dependency order. A dependency missing from the map is
   * skipped when it is not required (or not selected), as Compose does for {@code required: false}
   * and {@code --no-deps}. A cycle is an error with Compose's wording.
   */
  public static List<Service> order(Map<String, Service> services) {
    var out = new LinkedHashMap<String, Service>();
    var visiting = new HashSet<String>();
    for (Service s : services.values()) visit(s, services, visiting, out, new ArrayList<>());
    return List.copyOf(out.values());
  }

  private static void visit(Service s, Map<String, Service> all, Set<String> visiting, Map<String, Service> out,
      List<String> path) {
    if (out.containsKey(s.name())) return;
    if (!visiting.add(s.name())) {
      path.add(s.name());
      throw new ComposeException("dependency cycle detected: " + String.join(" -> ", path));
    }
    path.add(s.name());
    for (String dep : s.dependsOn().keySet()) {
      Service d = all.get(dep);
      if (d != null) visit(d, all, visiting, out, path);
    }
    path.removeLast();
    visiting.remove(s.name());
    out.put(s.name(), s);
  }

  /** The services that depend on {@code name}, directly or not (for stop/restart ordering). */
  public static Set<String> dependents(Map<String, Service> services, String name) {
    var out = new java.util.LinkedHashSet<String>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Service s : services.values()) {
        if (out.contains(s.name())) continue;
        for (String d : s.dependsOn().keySet()) {
          if (d.equals(name) || out.contains(d)) {
            grew |= out.add(s.name());
            break;
          }
        }
      }
    }
    return out;
  }
}
