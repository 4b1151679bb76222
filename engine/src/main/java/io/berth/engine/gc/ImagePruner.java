package io.berth.engine.gc;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageService;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code POST /images/prune}, as dockerd's {@code ImagePrune}: dangling images (no tag) by default,
 * every image with {@code dangling=false} ({@code -a}); {@code until} and label filters. Each candidate
 * goes through the ordinary delete without force, by each of its tags or by ID, so an image a
 * container uses is refused (409) and skipped, as in dockerd. One garbage collection at the end
 * frees the layers and blobs no image holds any more; its byte count is the reclaimed space. One
 * prune at a time (409 "a prune operation is already running"). Thread-safe.
 */
public final class ImagePruner {
  /** The delete lines in order, and the bytes freed. */
  public record Report(List<ImageService.DeleteItem> deleted, long reclaimed) {}

  private final ImageService images;
  private final GarbageCollector gc;
  private final EventBus events;
  private final AtomicBoolean running = new AtomicBoolean();

  public ImagePruner(ImageService images, GarbageCollector gc, EventBus events) {
    this.images = images;
    this.gc = gc;
    this.events = events;
  }

  /**
   * @param danglingOnly only images without tags
   * @param until        only images created before this time
   * @param labels       docker's label filters over the image's labels (true keeps it)
   */
  public Report prune(boolean danglingOnly, Optional<Instant> until, Predicate<Map<String, String>> labels)
      throws IOException {
    if (!running.compareAndSet(false, true)) throw BerthException.conflict("a prune operation is already running");
    try {
      List<ImageService.DeleteItem> out = new ArrayList<>();
      for (Image img : images.list()) {
        if (danglingOnly && !img.repoTags().isEmpty()) continue;
        if (img.repoTags().isEmpty() && !images.store().childrenOf(img.id()).isEmpty()) continue; // an intermediate
        if (until.isPresent() && img.created().isAfter(until.get())) continue;
        if (!labels.test(img.config().config().labels())) continue;
        List<String> refs = img.repoTags().isEmpty() ? List.of(img.id().toString()) : img.repoTags();
        for (String ref : refs) {
          try {
            // untagged parents go with their last child, as in dockerd; the collection below frees the layers
            out.addAll(images.delete(ref, false, false, false));
          } catch (BerthException.Conflict | BerthException.NotFound skipped) {
            // in use by a container (or gone meanwhile): dockerd skips it silently too
          }
        }
      }
      // nothing deleted: no collection, but partial downloads past their age still go
      long reclaimed = out.isEmpty() ? gc.collectStaleIngests() : gc.collect().bytes();
      events.publish(Event.image("prune", "", Map.of("reclaimed", Long.toString(reclaimed))));
      return new Report(List.copyOf(out), reclaimed);
    } finally {
      running.set(false);
    }
  }
}
