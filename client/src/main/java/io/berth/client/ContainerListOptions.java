package io.berth.client;

import java.util.List;
import java.util.Map;

/** Query of {@code GET /containers/json}; {@code limit} &lt; 0 means no limit. */
public record ContainerListOptions(boolean all, int limit, boolean size, Map<String, List<String>> filters) {
  public ContainerListOptions {
    filters = filters == null ? Map.of() : Map.copyOf(filters);
  }

  public static ContainerListOptions running() { return new ContainerListOptions(false, -1, false, Map.of()); }

  public static ContainerListOptions everything() { return new ContainerListOptions(true, -1, false, Map.of()); }

  Query toQuery() {
    var q = new Query().flag("all", all);
    if (limit > 0) q.add("limit", Integer.toString(limit));
    return q.flag("size", size).filters(filters);
  }
}
