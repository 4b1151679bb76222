package io.berth.engine.container;

/** The container side's view of the image store: resolve a reference a user typed. */
@FunctionalInterface
public interface ImageLookup {
  /** Throws NotFound ("No such image: busybox:latest") when the reference names no image. */
  ImageDefaults resolve(String reference);

  /** The platform image {@code imageId} is for (its config's os/architecture); empty when unknown or gone. */
  default java.util.Optional<io.berth.oci.image.Platform> platformOf(io.berth.oci.Digest imageId) {
    return java.util.Optional.empty();
  }
}
