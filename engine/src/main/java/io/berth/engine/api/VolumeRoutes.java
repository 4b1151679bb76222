package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.volume.Volume;
import io.berth.engine.volume.VolumeService;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code /volumes}: list, create, inspect, remove and prune in the Engine API's shapes (moby
 * {@code api/server/router/volume}).
 */
public final class VolumeRoutes {
  private final VolumeService volumes;

  public VolumeRoutes(VolumeService volumes) {
    this.volumes = volumes;
  }

  public void register(Router r) {
    r.add("GET", "/volumes", this::list);
    r.add("POST", "/volumes/create", this::create);
    r.add("POST", "/volumes/prune", this::prune);
    r.add("GET", "/volumes/{name}", req -> Responses.json(req, 200, json(volumes.get(req.param("name")))));
    r.add("DELETE", "/volumes/{name}", req -> {
      volumes.remove(req.param("name"), req.bool("force", false));
      Responses.noContent(req);
    });
  }

  private void list(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("name", "driver", "label", "dangling");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Volume v : volumes.list()) {
      if (!f.get("name").isEmpty() && f.get("name").stream().noneMatch(v.name()::contains)) continue;
      if (!f.get("driver").isEmpty() && !f.get("driver").contains(v.driver())) continue;
      if (!ContainerFilters.matchLabels(f.get("label"), v.labels())) continue;
      if (!f.get("dangling").isEmpty()) {
        boolean dangling = volumes.users(v.name()).isEmpty();
        boolean want = bool(f.get("dangling").getFirst(), "dangling");
        if (dangling != want) continue;
      }
      out.add(json(v));
    }
    Responses.json(req, 200, Docs.obj("Volumes", out, "Warnings", null));
  }

  private void create(ApiRequest req) throws IOException {
    JsonNode b = req.body(JsonNode.class);
    Volume v = volumes.create(b == null ? "" : b.path("Name").asText(""), b == null ? "" : b.path("Driver").asText(""),
        strings(b == null ? null : b.get("Labels")), strings(b == null ? null : b.get("DriverOpts")));
    Responses.json(req, 201, json(v));
  }

  /**
   * API 1.42+: only anonymous volumes unless the filter {@code all} is true; older clients prune
   * every unused volume, as dockerd does for them. Filters {@code label} and {@code label!}.
   */
  private void prune(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("label", "label!", "all");
    boolean all = !req.version().atLeast(1, 42);
    if (!f.get("all").isEmpty()) all = bool(f.get("all").getFirst(), "all");
    Predicate<Volume> select = v -> ContainerFilters.matchLabels(f.get("label"), v.labels())
        && (f.get("label!").isEmpty() || !anyLabel(f.get("label!"), v.labels()));
    VolumeService.Pruned p = volumes.prune(all, select);
    Responses.json(req, 200, Docs.obj("VolumesDeleted", p.names().isEmpty() ? null : p.names(),
        "SpaceReclaimed", p.reclaimed()));
  }

  private static boolean anyLabel(List<String> filters, Map<String, String> labels) {
    for (String f : filters) {
      if (ContainerFilters.matchLabels(List.of(f), labels)) return true;
    }
    return false;
  }

  private static boolean bool(String v, String key) {
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw BerthException.invalid("invalid filter '%s=%s'", key, v);
    };
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null && n.isObject()) n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Docker's {@code Volume} document. */
  static Map<String, Object> json(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CreatedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        v.created().truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault())));
    m.put("Driver", v.driver());
    m.put("Labels", v.labels());
    m.put("Mountpoint", v.mountpoint().toString());
    m.put("Name", v.name());
    m.put("Options", v.options());
    m.put("Scope", "local");
    return m;
  }

  /** The df row: the document plus {@code UsageData}. */
  static Map<String, Object> usage(VolumeService.Usage u) {
    Map<String, Object> m = json(u.volume());
    m.put("UsageData", Docs.obj("Size", u.size(), "RefCount", u.refCount()));
    return m;
  }
}
