package io.berth.engine.image;

import io.berth.engine.archive.Compression;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.image.ContainerConfig;
import io.berth.oci.image.History;
import io.berth.oci.image.ImageConfig;
import io.berth.oci.image.MediaTypes;
import io.berth.oci.image.Platform;
import io.berth.oci.image.RootFs;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker import}: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image. The
 * tarball is stored as the layer blob, unpacked once, and described by a new config. On any
 * failure nothing stays behind: no blob, no snapshot, no image row.
 */
public final class RootfsImporter {
  private final ImageService images;

  public RootfsImporter(ImageService images) {
    this.images = images;
  }

  public Image importRootfs(InputStream tar, Optional<String> repo, Optional<String> tag, List<String> changes,
      String message) throws IOException {
    try (var lease = images.leases().acquire("import")) { // until the image row refers to the new layer
      return importLeased(tar, repo, tag, changes, message);
    }
  }

  private Image importLeased(InputStream tar, Optional<String> repo, Optional<String> tag, List<String> changes,
      String message) throws IOException {
    Optional<String> target = repo.map(r -> tagFor(r, tag));
    ContentStore content = images.content();
    ContainerConfig config = ImportChanges.apply(ContainerConfig.EMPTY, changes); // validate before storing
    Digest blob = content.put(tar, Optional.empty());
    LayerStore.Layer layer;
    try {
      layer = images.layers().register(blob, mediaType(content, blob), Optional.empty(), Optional.empty());
    } catch (IOException | RuntimeException e) {
      if (!images.layers().blobInUse(blob)) content.delete(blob);
      throw e;
    }
    Instant now = Instant.now();
    String comment = message.isEmpty() ? "Imported from -" : message;
    ImageConfig cfg = ImageConfig.of(Platform.of("linux", "amd64"), now, config, RootFs.of(List.of(layer.diffId())),
        List.of(new History(Optional.of(now.toString()), Optional.empty(), Optional.empty(), Optional.of(comment), false)));
    Digest id = content.put(Json.bytes(cfg));
    Image img = images.register(id, Optional.empty(), target.stream().toList());
    images.publish("import", id.toString(), id.toString());
    return img;
  }

  private static String tagFor(String repo, Optional<String> tag) {
    ImageReference r = ImageReference.parse(repo);
    if (tag.isPresent() && !tag.get().isEmpty()) r = r.withTag(tag.get());
    else if (r.tag().isEmpty()) r = r.withTag("latest");
    return r.toString();
  }

  static String mediaType(ContentStore content, Digest blob) throws IOException {
    try (InputStream in = content.open(blob)) {
      return switch (Compression.detect(in.readNBytes(8))) {
        case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
        case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        case NONE -> MediaTypes.OCI_LAYER;
      };
    }
  }
}
