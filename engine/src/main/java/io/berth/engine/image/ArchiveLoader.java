package io.berth.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.archive.Compression;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.ImageConfig;
import io.berth.oci.image.ImageIndex;
import io.berth.oci.image.Manifest;
import io.berth.oci.image.OciLayout;
import io.berth.oci.image.SaveManifestEntry;
import io.berth.store.AtomicFiles;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker load}: reads a {@code docker save} archive — the Docker v1.2 layout
 * ({@code manifest.json} with Config/RepoTags/Layers) or an OCI image layout ({@code index.json},
 * {@code blobs/}), which newer dockers write side by side — and registers its images.
 *
 * <p>The archive is first unpacked into a private temp dir (only regular files and in-archive
 * symlinks, names checked), so a truncated or hostile archive fails before anything is stored; a
 * failure later (a bad layer) releases every layer and blob this load created.
 */
public final class ArchiveLoader {
  private final ImageService images;
  private final Path tmpRoot;

  public ArchiveLoader(ImageService images, Path tmpRoot) {
    this.images = images;
    this.tmpRoot = tmpRoot;
  }

  /** A loaded image and the tags (full references) it got. */
  public record Loaded(Image image, List<String> tags) {}

  public List<Loaded> load(InputStream archive) throws IOException {
    // Held until the image rows are committed: garbage collection must not take the blobs and
    // layers this load writes before an image refers to them.
    try (var lease = images.leases().acquire("load")) {
      return loadLeased(archive);
    }
  }

  private List<Loaded> loadLeased(InputStream archive) throws IOException {
    Files.createDirectories(tmpRoot);
    Path dir = tmpRoot.resolve("load-" + UUID.randomUUID());
    try {
      unpack(archive, dir);
      List<Candidate> candidates = Files.exists(dir.resolve(SaveManifestEntry.FILE_NAME)) ? fromDockerManifest(dir)
          : Files.exists(dir.resolve(OciLayout.INDEX_FILE)) ? fromOciIndex(dir)
          : List.of();
      if (candidates.isEmpty()) {
        throw BerthException.invalid("invalid archive: no manifest.json or index.json with images found");
      }
      List<Loaded> loaded = register(dir, candidates);
      for (Loaded l : loaded) images.publish("load", l.image().id().toString(), l.image().id().toString());
      return loaded;
    } finally {
      AtomicFiles.deleteRecursively(dir);
    }
  }

  /** One image found in the archive: paths (inside the archive) of its config and layers. */
  private record Candidate(String config, List<String> layers, List<String> tags, Optional<Digest> manifest) {}

  private static void unpack(InputStream archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> links = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(archive))) {
      TarArchiveEntry e;
      int count = 0;
      while ((e = tar.getNextEntry()) != null) {
        count++;
        String name = safeName(e.getName());
        if (name.isEmpty() || e.isDirectory()) continue;
        if (e.isSymbolicLink()) {
          String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
          links.put(name, safeName(parent + e.getLinkName()));
        } else if (e.isFile()) {
          Path target = dir.resolve(name);
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
      if (count == 0) throw BerthException.invalid("invalid archive: empty or not a tar archive");
    } catch (BerthException be) {
      throw be;
    } catch (IOException | RuntimeException e) {
      throw new BerthException.InvalidArgument("invalid archive: " + e.getMessage(), e);
    }
    for (var l : links.entrySet()) {
      Path src = dir.resolve(l.getValue());
      if (Files.isRegularFile(src)) {
        Files.createDirectories(dir.resolve(l.getKey()).getParent());
        Files.createLink(dir.resolve(l.getKey()), src);
      }
    }
  }

  /** Normalises an archive path; {@code ..} or absolute paths are refused. */
  static String safeName(String raw) {
    var parts = new ArrayList<String>();
    for (String p : raw.split("/")) {
      if (p.isEmpty() || p.equals(".")) continue;
      if (p.equals("..")) {
        if (parts.isEmpty()) throw BerthException.invalid("invalid archive: path escapes the archive: %s", raw);
        parts.removeLast();
      } else {
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }

  private static List<Candidate> fromDockerManifest(Path dir) throws IOException {
    JsonNode root = Json.mapper().readTree(dir.resolve(SaveManifestEntry.FILE_NAME).toFile());
    if (!root.isArray()) throw BerthException.invalid("invalid archive: manifest.json is not a list");
    var out = new ArrayList<Candidate>();
    for (JsonNode n : root) {
      SaveManifestEntry m = Json.mapper().treeToValue(n, SaveManifestEntry.class);
      out.add(new Candidate(safeName(m.config()), m.layers().stream().map(ArchiveLoader::safeName).toList(),
          m.repoTags(), Optional.empty()));
    }
    return out;
  }

  private static List<Candidate> fromOciIndex(Path dir) throws IOException {
    var out = new ArrayList<Candidate>();
    ImageIndex index = Json.read(Files.readAllBytes(dir.resolve(OciLayout.INDEX_FILE)), ImageIndex.class);
    for (var d : index.manifests()) {
      Path mf = dir.resolve(OciLayout.blobPath(d.digest()));
      if (!Files.isRegularFile(mf)) continue;
      byte[] bytes = Files.readAllBytes(mf);
      JsonNode node = Json.mapper().readTree(bytes);
      if (node.has("manifests")) continue; // nested indexes (multi-platform) are not loaded yet
      Manifest m = Json.read(bytes, Manifest.class);
      List<String> tags = new ArrayList<>();
      String name = d.annotations().getOrDefault("io.containerd.image.name",
          d.annotations().getOrDefault("org.opencontainers.image.ref.name", ""));
      if (!name.isEmpty() && !name.startsWith("sha256:")) tags.add(name);
      out.add(new Candidate(OciLayout.blobPath(m.config().digest()), m.layers().stream().map(l -> OciLayout.blobPath(l.digest())).toList(),
          tags, Optional.of(d.digest())));
    }
    return out;
  }


  private List<Loaded> register(Path dir, List<Candidate> candidates) throws IOException {
    ContentStore content = images.content();
    LayerStore layers = images.layers();
    List<Digest> createdChains = new ArrayList<>();
    Set<Digest> createdBlobs = new HashSet<>();
    var out = new ArrayList<Loaded>();
    try {
      for (Candidate c : candidates) {
        byte[] configBytes = read(dir, c.config());
        ImageConfig cfg = Json.read(configBytes, ImageConfig.class);
        List<Digest> diffIds = cfg.diffIds();
        if (diffIds.size() != c.layers().size()) {
          throw BerthException.invalid("invalid archive: config has %d layers, manifest lists %d", diffIds.size(),
              c.layers().size());
        }
        Optional<Digest> parent = Optional.empty();
        for (int i = 0; i < diffIds.size(); i++) {
          Digest chain = ChainIds.next(parent, diffIds.get(i));
          if (layers.get(chain).isEmpty()) {
            Path file = dir.resolve(c.layers().get(i));
            if (!Files.isRegularFile(file)) throw BerthException.invalid("invalid archive: missing layer %s", c.layers().get(i));
            Digest blob;
            try (InputStream in = Files.newInputStream(file)) {
              blob = content.put(in, Optional.empty());
              createdBlobs.add(blob);
            }
            layers.register(blob, RootfsImporter.mediaType(content, blob), parent, Optional.of(diffIds.get(i)));
            createdChains.add(chain);
          }
          parent = Optional.of(chain);
        }
        Digest configDigest = content.put(configBytes);
        List<String> tags = new ArrayList<>();
        for (String t : c.tags()) tags.add(ImageReference.parseWithDefaultTag(t).toString());
        out.add(new Loaded(images.register(configDigest, c.manifest(), tags), tags));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      Set<Digest> keep = new HashSet<>();
      for (Loaded l : out) keep.addAll(l.image().chainIds());
      for (Digest chain : createdChains.reversed()) layers.release(chain, keep);
      for (Digest blob : createdBlobs) {
        if (!layers.blobInUse(blob)) content.delete(blob);
      }
      throw e;
    }
  }

  private static byte[] read(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) throw BerthException.invalid("invalid archive: missing %s", name);
    return Files.readAllBytes(p);
  }
}
