package io.berth.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Descriptor;
import io.berth.oci.image.ImageIndex;
import io.berth.oci.image.Manifest;
import io.berth.oci.image.MediaTypes;
import io.berth.oci.image.OciLayout;
import io.berth.oci.image.Platform;
import io.berth.oci.image.SaveManifestEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the images of a read archive: from Docker's {@code manifest.json} (v1.2 layout, old
 * {@code <id>/layer.tar} and new {@code blobs/sha256/} names alike, skopeo's {@code <hex>.tar} too)
 * when there is one — it carries the tags — else from the OCI layout's {@code index.json}, where a
 * nested index (a multi-platform image) contributes its entry for this host's platform.
 *
 * <p>Tags in an OCI index: containerd's {@code io.containerd.image.name} (a full reference, as docker
 * 25+ and containerd write), else {@code org.opencontainers.image.ref.name} when it is a reference
 * ({@code img:tag}, as skopeo writes) and not a bare tag ({@code latest}), which names no repository:
 * such an image is loaded untagged, by ID.
 */
final class ArchiveImages {
  private static final Pattern BLOB_NAME = Pattern.compile("blobs/sha256/[0-9a-f]{64}");
  private static final int MAX_DEPTH = 4;

  private ArchiveImages() {}

  /** One layer of an image: its file in the archive and, when known, the digest that file must have. */
  record LayerFile(String name, Optional<Digest> digest) {}

  /** One image of the archive: its config file, its layers (bottom first), its tags, its manifest. */
  record Candidate(String config, List<LayerFile> layers, List<String> tags, Optional<Digest> manifest) {}

  static List<Candidate> find(ArchiveContents archive, Platform host) throws IOException {
    List<Candidate> out = archive.has(SaveManifestEntry.FILE_NAME) ? fromDockerManifest(archive)
        : archive.has(OciLayout.INDEX_FILE) ? fromOciIndex(archive, host)
        : List.of();
    if (out.isEmpty()) throw BerthException.invalid("invalid archive: no manifest.json or index.json with images found");
    return out;
  }

  private static List<Candidate> fromDockerManifest(ArchiveContents archive) throws IOException {
    JsonNode root = parse(archive, SaveManifestEntry.FILE_NAME);
    if (!root.isArray()) throw BerthException.invalid("invalid archive: manifest.json is not a list");
    var out = new ArrayList<Candidate>();
    for (JsonNode n : root) {
      SaveManifestEntry m;
      try {
        m = Json.mapper().treeToValue(n, SaveManifestEntry.class);
      } catch (IOException | RuntimeException e) {
        throw BerthException.invalid("invalid archive: bad manifest.json entry: %s", e.getMessage());
      }
      var layers = m.layers().stream().map(ArchiveLoader::safeName).map(l -> new LayerFile(l, digestOf(l))).toList();
      out.add(new Candidate(ArchiveLoader.safeName(m.config()), layers, m.repoTags(), Optional.empty()));
    }
    return out;
  }

  /** The digest a {@code blobs/sha256/<hex>} name promises. */
  private static Optional<Digest> digestOf(String name) {
    return BLOB_NAME.matcher(name).matches()
        ? Optional.of(Digest.parse("sha256:" + name.substring(name.lastIndexOf('/') + 1))) : Optional.empty();
  }

  private static List<Candidate> fromOciIndex(ArchiveContents archive, Platform host) throws IOException {
    ImageIndex index = read(archive, OciLayout.INDEX_FILE, ImageIndex.class);
    var out = new ArrayList<Candidate>();
    for (Descriptor d : index.manifests()) {
      List<String> tags = new ArrayList<>();
      name(d).ifPresent(tags::add);
      Optional<Candidate> c = manifest(archive, d, host, tags, 0);
      c.ifPresent(out::add);
    }
    return out;
  }

  private static Optional<String> name(Descriptor d) {
    String full = d.annotations().getOrDefault(ImageIndex.IMAGE_NAME_ANNOTATION, "");
    if (!full.isEmpty()) return Optional.of(full);
    String ref = d.annotations().getOrDefault(ImageIndex.REF_NAME_ANNOTATION, "");
    if ((ref.contains(":") || ref.contains("/")) && !ref.startsWith("sha256:")) return Optional.of(ref);
    return Optional.empty();
  }

  private static Optional<Candidate> manifest(ArchiveContents archive, Descriptor d, Platform host, List<String> tags,
      int depth) throws IOException {
    String path = OciLayout.blobPath(d.digest());
    if (!archive.has(path)) throw BerthException.invalid("invalid archive: missing manifest %s", d.digest());
    byte[] bytes = archive.bytes(path);
    if (!Digest.sha256(bytes).equals(d.digest())) {
      throw BerthException.invalid("invalid archive: manifest %s does not match its digest", d.digest());
    }
    JsonNode node = Json.mapper().readTree(bytes);
    if (MediaTypes.isIndex(d.mediaType()) || node.has("manifests")) {
      if (depth >= MAX_DEPTH) throw BerthException.invalid("invalid archive: indexes nested too deeply");
      ImageIndex nested = Json.read(bytes, ImageIndex.class);
      for (Descriptor m : nested.manifests()) {
        if (m.platform().isPresent() && matches(m.platform().get(), host)) {
          return manifest(archive, m, host, tags, depth + 1);
        }
      }
      throw BerthException.invalid("invalid archive: image %s has no manifest for %s",
          tags.isEmpty() ? d.digest().toString() : tags.getFirst(), host.format());
    }
    if (!node.has("config") || !node.has("layers")) return Optional.empty(); // an artifact, not an image
    Manifest m = Json.read(bytes, Manifest.class);
    var layers = m.layers().stream().map(l -> new LayerFile(OciLayout.blobPath(l.digest()), Optional.of(l.digest())))
        .toList();
    return Optional.of(new Candidate(OciLayout.blobPath(m.config().digest()), layers, tags, Optional.of(d.digest())));
  }

  private static boolean matches(Platform p, Platform host) {
    return p.os().equals(host.os()) && p.architecture().equals(host.architecture())
        && (host.variant().isEmpty() || p.variant().isEmpty() || p.variant().equals(host.variant()));
  }

  private static JsonNode parse(ArchiveContents archive, String name) throws IOException {
    try {
      return Json.mapper().readTree(archive.bytes(name));
    } catch (BerthException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw BerthException.invalid("invalid archive: %s is not valid JSON", name);
    }
  }

  static <T> T read(ArchiveContents archive, String name, Class<T> type) throws IOException {
    try {
      return Json.read(archive.bytes(name), type);
    } catch (BerthException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw BerthException.invalid("invalid archive: %s: %s", name, e.getMessage());
    }
  }
}
