package io.berth.engine.archive;

import io.berth.oci.Digest;
import java.util.Objects;

/**
 * The result of unpacking one layer: its diff ID (the sha256 of the whole uncompressed tar stream,
 * end-of-archive padding included, as the OCI image config's {@code rootfs.diff_ids} names it) and
 * the uncompressed size in bytes.
 */
public record AppliedLayer(Digest diffId, long size) {
  public AppliedLayer {
    Objects.requireNonNull(diffId, "diffId");
    if (size < 0) throw new IllegalArgumentException("negative layer size: " + size);
  }
}
