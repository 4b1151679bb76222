package io.berth.engine.container;

/** The container side's view of the image store: resolve a reference a user typed. */
@FunctionalInterface
public interface ImageLookup {
  /** Throws NotFound ("No such image: busybox:latest") when the reference names no image. */
  ImageDefaults resolve(String reference);
}
