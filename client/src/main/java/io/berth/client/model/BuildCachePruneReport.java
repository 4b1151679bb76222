package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Answer of {@code POST /build/prune}: the removed cache records' IDs and the bytes freed. */
public record BuildCachePruneReport(List<String> cachesDeleted, long spaceReclaimed) {
  public BuildCachePruneReport {
    cachesDeleted = Zero.list(cachesDeleted);
  }

  public static BuildCachePruneReport fromJson(JsonFields f) {
    return new BuildCachePruneReport(f.strings("CachesDeleted"), f.longValue("SpaceReclaimed"));
  }
}
