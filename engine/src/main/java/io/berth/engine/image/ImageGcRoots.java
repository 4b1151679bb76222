package io.berth.engine.image;

import io.berth.engine.gc.GcRoots;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.util.HashSet;
import java.util.Set;

/**
 * Garbage-collection roots of images: each image's config blob, the manifest it was loaded with (when
 * stored), and every layer of its chain. An image whose config cannot be read stops the collection
 * (it throws): without the config its layers are unknown, and guessing would delete them.
 */
public final class ImageGcRoots implements GcRoots {
  private final ImageService images;

  public ImageGcRoots(ImageService images) {
    this.images = images;
  }

  @Override public Roots roots() {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> layers = new HashSet<>();
    for (ImageRow row : images.store().all()) {
      blobs.add(row.id());
      row.manifestDigest().ifPresent(blobs::add);
      try {
        layers.addAll(io.berth.oci.image.ChainIds.compute(images.config(row.id()).diffIds()));
      } catch (BerthException e) {
        throw BerthException.internal("cannot collect garbage: the config of image " + row.id()
            + " is unreadable (run 'berth system check'): " + e.getMessage(), e);
      }
    }
    return new Roots(blobs, layers, Set.of());
  }
}
