package io.berth.engine.image;

import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Descriptor;
import io.berth.oci.image.ImageIndex;
import io.berth.oci.image.Manifest;
import io.berth.oci.image.OciLayout;
import io.berth.oci.image.MediaTypes;
import io.berth.oci.image.SaveManifestEntry;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: writes images as docker 25+ does — an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/…}) whose blobs are also named by a Docker v1.2
 * {@code manifest.json}, so old and new loaders (and berth) read it. Layers are the stored blobs,
 * byte for byte, so a save → load round trip keeps every digest and the image ID.
 */
public final class ArchiveSaver {
  /** Docker's legacy tag file: {@code {"busybox":{"latest":"<hex>"}}}. */
  static final String REPOSITORIES_FILE = "repositories";
  private final ImageService images;

  public ArchiveSaver(ImageService images) {
    this.images = images;
  }

  /** The images to save (by ID) and the tags (full references) to name them with. */
  public record Selection(Map<Digest, List<String>> images) {}

  /** Resolves every name (404 before any byte of the archive is written). */
  public Selection select(List<String> names) {
    Map<Digest, List<String>> selected = new LinkedHashMap<>();
    for (String name : names) {
      Image img = images.get(name);
      List<String> tags = selected.computeIfAbsent(img.id(), k -> new ArrayList<>());
      if (!ImageReference.looksLikeHexId(name.startsWith("sha256:") ? name.substring(7) : name)
          || images.store().resolveTag(ImageReference.parseWithDefaultTag(name).toString()).isPresent()) {
        String full = ImageReference.parseWithDefaultTag(name).toString();
        if (!tags.contains(full)) tags.add(full);
      }
    }
    return new Selection(selected);
  }

  /** Streams the archive of {@code selection} to {@code raw}. */
  public void write(Selection selection, OutputStream raw) throws IOException {
    Map<Digest, List<String>> selected = selection.images();
    ContentStore content = images.content();
    var tar = new TarArchiveOutputStream(raw);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    Set<Digest> written = new LinkedHashSet<>();
    var saveManifest = new ArrayList<SaveManifestEntry>();
    var indexEntries = new ArrayList<Descriptor>();
    Map<String, Map<String, String>> repositories = new TreeMap<>();
    dir(tar, "blobs/");
    dir(tar, "blobs/sha256/");
    for (var e : selected.entrySet()) {
      Image img = images.find(e.getKey().toString()).orElseThrow();
      List<Descriptor> layerDescs = new ArrayList<>();
      List<String> layerPaths = new ArrayList<>();
      for (Digest chain : img.chainIds()) {
        LayerStore.Layer layer = images.layers().get(chain)
            .orElseThrow(() -> BerthException.internal("layer " + chain + " of image " + img.id() + " is missing", null));
        Digest blob = layer.blob().orElseThrow(
            () -> BerthException.internal("layer " + chain + " has no stored archive", null));
        layerDescs.add(new Descriptor(ociLayerType(layer.blobMediaType(), content, blob), blob, content.size(blob)));
        layerPaths.add(OciLayout.blobPath(blob));
        if (written.add(blob)) blob(tar, content, blob);
      }
      if (written.add(img.id())) blob(tar, content, img.id());
      Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST,
          new Descriptor(MediaTypes.OCI_CONFIG, img.id(), content.size(img.id())), layerDescs);
      byte[] manifestBytes = Json.bytes(manifest);
      Digest manifestDigest = Digest.sha256(manifestBytes);
      if (written.add(manifestDigest)) file(tar, OciLayout.blobPath(manifestDigest), manifestBytes);
      List<String> familiar = e.getValue().stream().map(ImageService::familiar).toList();
      saveManifest.add(new SaveManifestEntry(OciLayout.blobPath(img.id()), familiar, layerPaths));
      Descriptor base = new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifestBytes.length)
          .withPlatform(img.config().platform());
      if (e.getValue().isEmpty()) indexEntries.add(base);
      for (String full : e.getValue()) {
        ImageReference r = ImageReference.parse(full);
        // docker's legacy "repositories": familiar repository → tag → top layer (its diff ID, as docker 25+)
        if (!img.config().diffIds().isEmpty()) {
          repositories.computeIfAbsent(r.familiarRepository(), k -> new TreeMap<>())
              .put(r.tag().orElse("latest"), img.config().diffIds().getLast().hex());
        }
        indexEntries.add(base.withAnnotations(Map.of(ImageIndex.IMAGE_NAME_ANNOTATION, full,
            ImageIndex.REF_NAME_ANNOTATION, r.tag().orElse("latest"))));
      }
    }
    file(tar, OciLayout.INDEX_FILE, Json.bytes(ImageIndex.of(MediaTypes.OCI_INDEX, indexEntries)));
    file(tar, SaveManifestEntry.FILE_NAME, Json.bytes(saveManifest));
    if (!repositories.isEmpty()) file(tar, REPOSITORIES_FILE, Json.bytes(repositories));
    file(tar, OciLayout.FILE_NAME, Json.bytes(OciLayout.current()));
    tar.finish();
    tar.flush();
    for (Digest id : selected.keySet()) images.publish("save", id.toString(), id.toString());
  }


  /**
   * The OCI media type of a layer blob: an OCI manifest lists OCI layer types, whatever the layer was
   * stored as (Docker's types for the same formats, or none known: then its magic bytes tell).
   */
  static String ociLayerType(String stored, ContentStore content, Digest blob) throws IOException {
    return switch (stored) {
      case MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD -> stored;
      case MediaTypes.DOCKER_LAYER -> MediaTypes.OCI_LAYER;
      case MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.OCI_LAYER_GZIP;
      case MediaTypes.DOCKER_LAYER_ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
      default -> switch (RootfsImporter.mediaType(content, blob)) {
        case MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.OCI_LAYER_GZIP;
        case String s -> s;
      };
    };
  }

  private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
    var e = new TarArchiveEntry(name);
    e.setModTime(0);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void blob(TarArchiveOutputStream tar, ContentStore content, Digest d) throws IOException {
    var e = new TarArchiveEntry(OciLayout.blobPath(d));
    e.setSize(content.size(d));
    e.setModTime(0);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    try (InputStream in = content.open(d)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    var e = new TarArchiveEntry(name);
    e.setSize(data.length);
    e.setModTime(0);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
