package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/**
 * One row of {@code GET /images/{name}/history}: {@code id} is an image ID or {@code <missing>},
 * {@code created} epoch seconds, {@code size} bytes.
 */
public record ImageHistoryItem(String id, long created, String createdBy, List<String> tags, long size,
                               String comment) {
  public ImageHistoryItem {
    tags = Zero.list(tags);
  }

  public static ImageHistoryItem fromJson(JsonFields f) {
    return new ImageHistoryItem(f.string("Id"), f.longValue("Created"), f.string("CreatedBy"), f.strings("Tags"),
        f.longValue("Size"), f.string("Comment"));
  }
}
