package io.berth.client.model;

import io.berth.client.json.JsonFields;

/** One line of {@code DELETE /images/{name}}: either {@code Untagged} or {@code Deleted} is set. */
public record ImageDeleteResponseItem(String untagged, String deleted) {
  public ImageDeleteResponseItem {
    untagged = Zero.str(untagged);
    deleted = Zero.str(deleted);
  }

  public static ImageDeleteResponseItem fromJson(JsonFields f) {
    return new ImageDeleteResponseItem(f.string("Untagged"), f.string("Deleted"));
  }
}
