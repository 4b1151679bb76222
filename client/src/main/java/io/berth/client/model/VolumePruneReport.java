package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Answer of {@code POST /volumes/prune}: the removed volumes' names and the bytes freed. */
public record VolumePruneReport(List<String> volumesDeleted, long spaceReclaimed) {
  public VolumePruneReport {
    volumesDeleted = Zero.list(volumesDeleted);
  }

  public static VolumePruneReport fromJson(JsonFields f) {
    return new VolumePruneReport(f.strings("VolumesDeleted"), f.longValue("SpaceReclaimed"));
  }
}
