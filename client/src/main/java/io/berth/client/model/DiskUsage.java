package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/**
 * Answer of {@code GET /system/df}: the size of all image layers (each once), the images with their
 * shared and unique sizes and container counts, the containers with their sizes, and the counts of
 * volumes (kept as raw maps; {@link Volume#fromJson} reads one), and the build cache's records.
 */
public record DiskUsage(long layersSize, List<ImageSummary> images, List<ContainerSummary> containers,
    List<JsonFields> volumes, List<BuildCacheRecord> buildCache) {
  public DiskUsage {
    images = Zero.list(images);
    containers = Zero.list(containers);
    volumes = Zero.list(volumes);
    buildCache = Zero.list(buildCache);
  }

  public static DiskUsage fromJson(JsonFields f) {
    return new DiskUsage(f.longValue("LayersSize"), f.objects("Images", ImageSummary::fromJson),
        f.objects("Containers", ContainerSummary::fromJson), f.objects("Volumes", x -> x),
        f.objects("BuildCache", BuildCacheRecord::fromJson));
  }
}
