package io.berth.engine.image;

import io.berth.oci.Digest;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.History;
import io.berth.oci.image.ImageConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /images/{name}/history}, as dockerd's graph-driver image service computes it: one row per
 * entry of the config's {@code history}, newest first; a row that made a layer has that layer's size
 * (Docker's: its files' bytes), an {@code empty_layer} one 0. The newest row carries the image's ID
 * and tags, the next its parent image's (the image it was committed from), and so on while parents are
 * known; the other rows read {@code <missing>}.
 */
public final class ImageHistory {
  /** One row; {@code created} in epoch seconds (0 when unknown). */
  public record Row(String id, long created, String createdBy, List<String> tags, long size, String comment) {}

  private final ImageService images;

  public ImageHistory(ImageService images) {
    this.images = images;
  }

  public List<Row> of(String ref) {
    Image img = images.get(ref);
    ImageConfig cfg = img.config();
    List<Digest> diffIds = cfg.diffIds();
    List<Digest> chains = ChainIds.compute(diffIds);
    List<Row> rows = new ArrayList<>();
    int layer = 0;
    for (History h : cfg.history()) {
      long size = 0;
      if (!h.emptyLayer() && layer < chains.size()) {
        size = images.layers().get(chains.get(layer)).map(LayerStore.Layer::size).orElse(0L);
        layer++;
      }
      rows.addFirst(new Row("<missing>", seconds(h.created()), h.createdBy().orElse(""), List.of(), size,
          h.comment().orElse("")));
    }
    Optional<Digest> id = Optional.of(img.id());
    for (int i = 0; i < rows.size() && id.isPresent(); i++) {
      Optional<Image> known = images.find(id.get().toString());
      if (known.isEmpty()) break;
      Row r = rows.get(i);
      rows.set(i, new Row(id.get().toString(), r.created(), r.createdBy(), known.get().repoTags(), r.size(), r.comment()));
      id = images.store().parentOf(id.get());
    }
    return rows;
  }

  private static long seconds(Optional<String> created) {
    try {
      return created.map(c -> Instant.parse(c).getEpochSecond()).orElse(0L);
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}
