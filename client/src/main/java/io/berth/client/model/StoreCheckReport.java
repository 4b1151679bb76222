package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answer of Berth's {@code POST /berth/check}: each problem found (and whether a repair fixed it), how
 * many objects of each kind were checked, and how many problems remain.
 */
public record StoreCheckReport(List<Problem> problems, Map<String, Long> checked, long remaining) {
  /** One finding; {@code kind} is blob, ingest, snapshot, layer, image, container or garbage. */
  public record Problem(String kind, String object, String message, boolean repairable, boolean repaired) {
    static Problem fromJson(JsonFields f) {
      return new Problem(f.string("Kind"), f.string("Object"), f.string("Message"), f.bool("Repairable"),
          f.bool("Repaired"));
    }
  }

  public StoreCheckReport {
    problems = Zero.list(problems);
    checked = checked == null ? Map.of() : checked;
  }

  public static StoreCheckReport fromJson(JsonFields f) {
    Map<String, Long> checked = new LinkedHashMap<>();
    if (f.has("Checked")) {
      JsonFields c = f.object("Checked");
      for (String k : c.map().keySet()) checked.put(k, c.longValue(k));
    }
    return new StoreCheckReport(f.objects("Problems", Problem::fromJson), checked, f.longValue("Remaining"));
  }
}
