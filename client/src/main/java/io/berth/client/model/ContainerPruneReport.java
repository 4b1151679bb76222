package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Answer of {@code POST /containers/prune}: the removed containers' IDs and the bytes freed. */
public record ContainerPruneReport(List<String> containersDeleted, long spaceReclaimed) {
  public ContainerPruneReport {
    containersDeleted = Zero.list(containersDeleted);
  }

  public static ContainerPruneReport fromJson(JsonFields f) {
    return new ContainerPruneReport(f.strings("ContainersDeleted"), f.longValue("SpaceReclaimed"));
  }
}
