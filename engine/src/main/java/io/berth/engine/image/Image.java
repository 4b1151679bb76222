package io.berth.engine.image;

import io.berth.oci.Digest;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An image as the engine sees it: its ID (the config digest), config, tags and size. */
public record Image(Digest id, ImageConfig config, List<String> repoTags, long size, Instant created,
    Optional<Digest> manifestDigest) {

  public Image {
    repoTags = List.copyOf(repoTags);
  }

  /** Chain IDs of the layers, bottom first; the last one is the snapshot containers stack on. */
  public List<Digest> chainIds() { return ChainIds.compute(config.diffIds()); }

  public Optional<Digest> topChainId() {
    List<Digest> c = chainIds();
    return c.isEmpty() ? Optional.empty() : Optional.of(c.getLast());
  }
}
