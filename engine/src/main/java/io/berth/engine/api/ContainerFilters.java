package io.berth.engine.api;

import io.berth.engine.container.Container;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Docker's {@code GET /containers/json} filters: id, name, status, label, exited, ancestor. */
final class ContainerFilters {
  private ContainerFilters() {}

  static boolean matches(Container c, ApiRequest.Filters f) {
    if (!any(f.get("id"), v -> c.id().startsWith(v))) return false;
    if (!any(f.get("name"), v -> nameMatches(c.name(), v))) return false;
    if (!any(f.get("status"), v -> v.equals(c.state().status().word()))) return false;
    if (!any(f.get("exited"), v -> c.state().finishedAt().isPresent() && !c.state().running()
        && v.equals(Integer.toString(c.state().exitCode())))) {
      return false;
    }
    if (!any(f.get("ancestor"), v -> v.equals(c.config().image()) || c.imageId().toString().contains(v))) return false;
    for (String l : f.get("label")) {
      String[] kv = l.split("=", 2);
      String v = c.config().labels().get(kv[0]);
      if (v == null || kv.length == 2 && !kv[1].equals(v)) return false;
    }
    return true;
  }

  /** Docker matches names as a regular expression against "/name". */
  private static boolean nameMatches(String name, String filter) {
    try {
      return Pattern.compile(filter).matcher("/" + name).find();
    } catch (PatternSyntaxException e) {
      return name.contains(filter);
    }
  }

  private static boolean any(List<String> values, java.util.function.Predicate<String> p) {
    return values.isEmpty() || values.stream().anyMatch(p);
  }
}
