package io.berth.client.model;

/** One line of {@code DELETE /images/{name}}: either {@code Untagged} or {@code Deleted} is set. */
public record ImageDeleteResponseItem(String untagged, String deleted) {
  public ImageDeleteResponseItem {
    untagged = Zero.str(untagged);
    deleted = Zero.str(deleted);
  }
}
