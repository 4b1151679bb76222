package io.berth.client.model;

import java.util.List;
import java.util.Map;

/** One row of {@code GET /images/json}; {@code created} is in Unix seconds, sizes in bytes. */
public record ImageSummary(
    String id, String parentId, List<String> repoTags, List<String> repoDigests, long created,
    long size, long sharedSize, Map<String, String> labels, long containers) {
  public ImageSummary {
    id = Zero.str(id);
    parentId = Zero.str(parentId);
    repoTags = Zero.list(repoTags);
    repoDigests = Zero.list(repoDigests);
    labels = Zero.map(labels);
  }
}
