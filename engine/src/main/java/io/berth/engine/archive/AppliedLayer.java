package io.berth.engine.archive;

import io.berth.oci.Digest;
import java.util.Objects;

/**
 * The result of unpacking one layer: its diff ID (the sha256 of the whole uncompressed tar stream,
 * end-of-archive padding included, as the OCI image config's {@code rootfs.diff_ids} names it) and
 * the uncompressed size in bytes.
 *
 * @param contentSize the sum of the entries' sizes (file contents), what Docker reports as a layer's
 *                    size ({@code DiffSize}: {@code docker history}, {@code docker images})
 */
public record AppliedLayer(Digest diffId, long size, long contentSize) {
  public AppliedLayer {
    Objects.requireNonNull(diffId, "diffId");
    if (size < 0) throw new IllegalArgumentException("negative layer size: " + size);
    if (contentSize < 0) throw new IllegalArgumentException("negative layer content size: " + contentSize);
  }

  /** A layer whose content size is not known apart from its stream size. */
  public AppliedLayer(Digest diffId, long size) {
    this(diffId, size, size);
  }
}
