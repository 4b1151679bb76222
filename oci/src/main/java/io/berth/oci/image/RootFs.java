package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.oci.Digest;
import java.util.List;

/**
 * The {@code rootfs} of an image config: {@code type} is always {@code layers}; {@code diff_ids}
 * are the digests of the uncompressed layer tars, bottom first.
 */
public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
  public static final String LAYERS = "layers";

  public RootFs {
    if (type == null || type.isEmpty()) type = LAYERS;
    diffIds = Copies.list(diffIds);
  }

  public static RootFs of(List<Digest> diffIds) { return new RootFs(LAYERS, diffIds); }
}
