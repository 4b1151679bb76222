package io.berth.client.model;

import io.berth.client.json.JsonFields;
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

  public static ImageSummary fromJson(JsonFields f) {
    return new ImageSummary(f.string("Id"), f.string("ParentId"), f.strings("RepoTags"), f.strings("RepoDigests"),
        f.longValue("Created"), f.longValue("Size"), f.longValue("SharedSize"), f.stringMap("Labels"), f.longValue("Containers"));
  }
}
