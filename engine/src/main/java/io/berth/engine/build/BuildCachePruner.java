package io.berth.engine.build;

import io.berth.engine.gc.GarbageCollector;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageService;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The build cache as {@code system df} counts it and {@code builder prune} empties it. An entry is
 * {@code shared} while its image is in the ancestry of a tagged image (its layers are then the tagged
 * image's too); pruning drops entries, then deletes the intermediate images nothing else holds, and
 * lets the garbage collector free their layers.
 */
public final class BuildCachePruner {
  /** One cache entry with the bytes its step added. */
  public record Usage(BuildCache.Entry entry, long size, boolean shared, boolean inUse) {}

  /** @param deleted the IDs of the entries removed (as df shows them) */
  public record Report(List<String> deleted, long reclaimed) {}

  private final ImageService images;
  private final BuildCache cache;
  private final GarbageCollector gc;
  private final Predicate<Digest> usedByContainer;

  public BuildCachePruner(ImageService images, BuildCache cache, GarbageCollector gc, Predicate<Digest> usedByContainer) {
    this.images = images;
    this.cache = cache;
    this.gc = gc;
    this.usedByContainer = usedByContainer;
  }

  public List<Usage> usage() {
    Set<Digest> shared = ancestorsOfTagged();
    List<Usage> out = new ArrayList<>();
    for (BuildCache.Entry e : cache.entries()) {
      Optional<Image> img = images.find(e.imageId().toString());
      if (img.isEmpty()) continue;
      long parentSize = e.parent().flatMap(p -> images.find(p.toString())).map(Image::size).orElse(0L);
      out.add(new Usage(e, Math.max(0, img.get().size() - parentSize), shared.contains(e.imageId()),
          usedByContainer.test(e.imageId())));
    }
    return out;
  }

  /** @param all also the entries of tagged images' ancestry; {@code until}: only entries last used before */
  public synchronized Report prune(boolean all, Optional<Instant> until) throws IOException {
    Set<Digest> shared = ancestorsOfTagged();
    List<String> deleted = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Digest> candidates = new ArrayList<>();
    for (BuildCache.Entry e : cache.entries()) {
      if (until.isPresent() && Instant.ofEpochMilli(e.lastUsed()).isAfter(until.get())) continue;
      if (!all && shared.contains(e.imageId())) continue;
      if (usedByContainer.test(e.imageId())) continue; // in use: kept, as BuildKit keeps records in use
      deleted.add(e.key());
      ids.add(e.id());
      candidates.add(e.imageId());
    }
    cache.remove(deleted);
    for (Digest id : candidates.reversed()) {
      if (shared.contains(id) || usedByContainer.test(id)) continue;
      Optional<Image> img = images.find(id.toString());
      if (img.isEmpty() || !img.get().repoTags().isEmpty() || !images.store().childrenOf(id).isEmpty()) continue;
      try {
        images.delete(id.toString(), false, false, false); // one collection below frees the layers
      } catch (BerthException.Conflict | BerthException.NotFound skipped) {
        // used or gone meanwhile
      }
    }
    long reclaimed = deleted.isEmpty() ? 0 : gc.collect().bytes();
    return new Report(ids, reclaimed);
  }

  private Set<Digest> ancestorsOfTagged() {
    Set<Digest> out = new HashSet<>();
    for (Image img : images.list()) {
      if (img.repoTags().isEmpty()) continue;
      Optional<Digest> p = Optional.of(img.id());
      while (p.isPresent() && out.add(p.get())) p = images.store().parentOf(p.get());
    }
    return out;
  }
}
