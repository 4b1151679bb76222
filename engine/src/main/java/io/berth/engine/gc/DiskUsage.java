package io.berth.engine.gc;

import io.berth.engine.container.Container;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.LayerStore;
import io.berth.oci.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code system df} for images: each image's size, the part of it it shares with other images (its
 * layers that another image also has: stored once, counted in both), and how many containers use it;
 * and the size of all layers together, each once ({@code LayersSize}). Sizes are the unpacked bytes
 * recorded when each layer was unpacked, the same numbers {@code images} shows, so that Docker's
 * arithmetic (reclaimable = LayersSize − what images in use hold alone) adds up. Thread-safe.
 */
public final class DiskUsage {
  /** One image's usage; {@code unique} is {@code size - shared}. */
  public record ImageUsage(Image image, long size, long shared, int containers) {
    public long unique() { return size - shared; }
  }

  /** The whole answer for images. */
  public record Images(long layersSize, List<ImageUsage> images) {}

  private final ImageService images;
  private final Supplier<List<Container>> containers;

  public DiskUsage(ImageService images, Supplier<List<Container>> containers) {
    this.images = images;
    this.containers = containers;
  }

  public Images images() {
    Map<Digest, LayerStore.Layer> layers = new HashMap<>();
    for (LayerStore.Layer l : images.layers().all()) layers.put(l.chainId(), l);
    List<Image> all = images.list();
    Map<Digest, Integer> imagesPerLayer = new HashMap<>();
    Map<Digest, Set<Digest>> chainsOf = new HashMap<>();
    for (Image img : all) {
      Set<Digest> chains = new LinkedHashSet<>(img.chainIds());
      chainsOf.put(img.id(), chains);
      for (Digest c : chains) imagesPerLayer.merge(c, 1, Integer::sum);
    }
    Map<Digest, Integer> users = new HashMap<>();
    for (Container c : containers.get()) users.merge(c.imageId(), 1, Integer::sum);
    List<ImageUsage> out = new ArrayList<>();
    for (Image img : all) {
      long size = 0;
      long shared = 0;
      for (Digest c : chainsOf.get(img.id())) {
        long s = layers.containsKey(c) ? layers.get(c).size() : 0;
        size += s;
        if (imagesPerLayer.get(c) > 1) shared += s;
      }
      out.add(new ImageUsage(img, size, shared, users.getOrDefault(img.id(), 0)));
    }
    long total = 0;
    for (LayerStore.Layer l : layers.values()) total += l.size();
    return new Images(total, out);
  }
}
