package io.berth.engine.events;

import io.berth.oci.ImageReference;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's event filters (moby {@code daemon/events/filter.go}): every key given must match, any
 * value of a key may. {@code type}, {@code scope}: exact. {@code event}: the action, exact (a prefix
 * for {@code health_status}, {@code exec_create} and {@code exec_start}, whose actions carry a
 * suffix). {@code container}, {@code network}, {@code volume}, {@code daemon}, {@code plugin}: the
 * actor's ID or its {@code name} attribute, exactly or by prefix. {@code image}: the image ID or
 * name, with or without tag (for container events: their {@code image} attribute). {@code label}:
 * {@code key} or {@code key=value}, and all of them must be among the attributes. Unknown keys
 * are ignored, as dockerd ignores them. Immutable and thread-safe.
 */
public final class EventFilter {
  public static final EventFilter ALL = new EventFilter(Map.of());

  private static final Set<String> PREFIX_ACTIONS = Set.of("health_status", "exec_create", "exec_start");
  private static final List<String> NAMED_TYPES =
      List.of("daemon", "container", "plugin", "volume", "network", "service", "node", "secret", "config");

  private final Map<String, Set<String>> values;

  private EventFilter(Map<String, Set<String>> values) {
    this.values = values;
  }

  /** From the API's decoded {@code filters}: key → accepted values. */
  public static EventFilter of(Map<String, List<String>> filters) {
    Map<String, Set<String>> v = new LinkedHashMap<>();
    filters.forEach((k, vs) -> v.put(k, Set.copyOf(new LinkedHashSet<>(vs))));
    return new EventFilter(Map.copyOf(v));
  }

  public boolean matches(Event e) {
    if (!matchesAction(e.action()) || !exact("type", e.type())) return false;
    if (values.containsKey("scope") && !exact("scope", "local")) return false;
    for (String type : NAMED_TYPES) {
      if (!fuzzy(type, e.actorId()) && !fuzzy(type, e.attributes().get("name"))) return false;
    }
    return matchesImage(e) && matchesLabels(e.attributes());
  }

  private boolean matchesAction(String action) {
    Set<String> wanted = values.get("event");
    if (wanted != null && wanted.stream().anyMatch(PREFIX_ACTIONS::contains)) return fuzzy("event", action);
    return exact("event", action);
  }

  private boolean matchesImage(Event e) {
    String name = e.attributes().getOrDefault(e.type().equals("image") ? "name" : "image", "");
    return exact("image", e.actorId()) || exact("image", name)
        || exact("image", withoutTag(e.actorId())) || exact("image", withoutTag(name));
  }

  private boolean matchesLabels(Map<String, String> attributes) {
    Set<String> wanted = values.get("label");
    if (wanted == null || wanted.isEmpty()) return true;
    if (attributes.isEmpty()) return false;
    for (String w : wanted) {
      int eq = w.indexOf('=');
      String key = eq < 0 ? w : w.substring(0, eq);
      String v = attributes.get(key);
      if (v == null || (eq >= 0 && !w.substring(eq + 1).equals(v))) return false;
    }
    return true;
  }

  /** moby's {@code ExactMatch}: true when the key is not filtered on. */
  private boolean exact(String key, String source) {
    Set<String> wanted = values.get(key);
    return wanted == null || wanted.isEmpty() || (source != null && wanted.contains(source));
  }

  /** moby's {@code FuzzyMatch}: exact, or {@code source} starts with one of the values. */
  private boolean fuzzy(String key, String source) {
    if (exact(key, source)) return true;
    if (source == null) return false;
    return values.get(key).stream().anyMatch(source::startsWith);
  }

  /** "busybox:latest", "docker.io/library/busybox" → "busybox"; other strings stay as they are. */
  static String withoutTag(String image) {
    if (image.isEmpty()) return image;
    try {
      return ImageReference.parse(image).familiarRepository();
    } catch (RuntimeException notAReference) {
      return image;
    }
  }
}
