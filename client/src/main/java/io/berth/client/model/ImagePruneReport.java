package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Answer of {@code POST /images/prune}: the untag/delete lines in order, and the bytes freed. */
public record ImagePruneReport(List<ImageDeleteResponseItem> imagesDeleted, long spaceReclaimed) {
  public ImagePruneReport {
    imagesDeleted = Zero.list(imagesDeleted);
  }

  public static ImagePruneReport fromJson(JsonFields f) {
    return new ImagePruneReport(f.objects("ImagesDeleted", ImageDeleteResponseItem::fromJson), f.longValue("SpaceReclaimed"));
  }
}
