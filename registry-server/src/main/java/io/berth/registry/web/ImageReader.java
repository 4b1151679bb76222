package io.berth.registry.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.registry.storage.ManifestRecord;
import io.berth.registry.storage.RegistryIndex;
import io.berth.registry.storage.TagEntry;
import io.berth.registry.web.Views.HistoryRow;
import io.berth.registry.web.Views.ImageConfig;
import io.berth.registry.web.Views.ImageView;
import io.berth.registry.web.Views.IndexView;
import io.berth.registry.web.Views.Kind;
import io.berth.registry.web.Views.LayerRow;
import io.berth.registry.web.Views.ManifestView;
import io.berth.registry.web.Views.PlatformRow;
import io.berth.registry.web.Views.TagRow;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the pages show from the registry's index (names, tags, push times) and content store
 * (manifest and config bytes). Manifests were validated when pushed; configs were not (they are
 * opaque blobs to the registry), so a config that is not an image config, or is huge, yields no
 * config details rather than an error.
 */
public final class ImageReader {
  /** Configs above this are not parsed for the page (a real one is a few kB; history makes it grow). */
  static final long MAX_CONFIG_BYTES = 8L * 1024 * 1024;
  static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

  private final RegistryIndex index;
  private final ContentStore blobs;

  public ImageReader(RegistryIndex index, ContentStore blobs) {
    this.index = index;
    this.blobs = blobs;
  }

  /** The tags of {@code repo} (at most {@code limit}), each with its manifest's kind, size and platforms. */
  public List<TagRow> tags(String repo, int limit) throws IOException {
    List<TagRow> out = new ArrayList<>();
    for (TagEntry t : index.tagEntries(repo, limit)) {
      Optional<ManifestView> v = manifest(repo, t.tag(), t.digest());
      TagRow row = switch (v.orElse(null)) {
        case null -> new TagRow(t.tag(), t.digest(), Kind.UNREADABLE, Optional.empty(), List.of(), t.updated());
        case ImageView i -> new TagRow(t.tag(), t.digest(), i.config().isPresent() ? Kind.IMAGE : Kind.ARTIFACT,
            Optional.of(i.size()), i.config().map(c -> List.of(c.platform())).orElse(List.of()), t.updated());
        case IndexView i -> new TagRow(t.tag(), t.digest(), Kind.INDEX, Optional.empty(),
            i.platforms().stream().map(PlatformRow::platform).toList(), t.updated());
      };
      out.add(row);
    }
    return out;
  }

  /** The manifest {@code tag} names in {@code repo}. */
  public Optional<ManifestView> byTag(String repo, String tag) throws IOException {
    Optional<Digest> d = index.resolveTag(repo, tag);
    return d.isEmpty() ? Optional.empty() : manifest(repo, tag, d.get());
  }

  /** The manifest {@code digest} of {@code repo}. */
  public Optional<ManifestView> byDigest(String repo, Digest digest) throws IOException {
    return manifest(repo, digest.toString(), digest);
  }

  private Optional<ManifestView> manifest(String repo, String reference, Digest digest) throws IOException {
    Optional<ManifestRecord> rec = index.manifest(repo, digest);
    if (rec.isEmpty() || !blobs.exists(digest)) return Optional.empty();
    JsonNode root = readJson(digest, MAX_MANIFEST_BYTES).orElse(null);
    if (root == null) return Optional.empty();
    var pushed = index.manifestPushed(repo, digest);
    String mediaType = rec.get().mediaType();
    if (root.has("manifests")) {
      List<PlatformRow> platforms = new ArrayList<>();
      for (JsonNode d : root.path("manifests")) {
        Optional<Digest> child = digest(d);
        if (child.isEmpty()) continue;
        platforms.add(new PlatformRow(platform(d.path("platform")), child.get(), d.path("mediaType").asText(""),
            d.path("size").asLong(0), index.manifest(repo, child.get()).isPresent()));
      }
      return Optional.of(new IndexView(repo, reference, digest, mediaType, pushed, platforms));
    }
    JsonNode cfg = root.path("config");
    Optional<Digest> configDigest = digest(cfg);
    if (configDigest.isEmpty()) return Optional.empty();
    List<LayerRow> layers = new ArrayList<>();
    for (JsonNode l : root.path("layers")) {
      digest(l).ifPresent(d -> layers.add(new LayerRow(d, l.path("mediaType").asText(""), l.path("size").asLong(0))));
    }
    Optional<ImageConfig> config = isImageConfig(cfg.path("mediaType").asText(""))
        ? readJson(configDigest.get(), MAX_CONFIG_BYTES).map(c -> config(c, layers)) : Optional.empty();
    return Optional.of(new ImageView(repo, reference, digest, mediaType, pushed, configDigest.get(),
        cfg.path("size").asLong(0), layers, config));
  }

  private static boolean isImageConfig(String mediaType) {
    return mediaType.equals("application/vnd.oci.image.config.v1+json")
        || mediaType.equals("application/vnd.docker.container.image.v1+json");
  }

  /** The config's details; history rows that made a layer get that layer's size, in order. */
  static ImageConfig config(JsonNode c, List<LayerRow> layers) {
    JsonNode cc = c.path("config");
    List<HistoryRow> history = new ArrayList<>();
    Iterator<LayerRow> layer = layers.iterator();
    for (JsonNode h : c.path("history")) {
      boolean empty = h.path("empty_layer").asBoolean(false);
      Optional<Long> size = !empty && layer.hasNext() ? Optional.of(layer.next().size()) : Optional.empty();
      history.add(new HistoryRow(text(h, "created"), h.path("created_by").asText(""), text(h, "comment"), empty, size));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    cc.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText("")));
    List<String> ports = new ArrayList<>();
    cc.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    return new ImageConfig(platform(c), text(c, "created"), strings(cc.path("Env")), strings(cc.path("Entrypoint")),
        strings(cc.path("Cmd")), text(cc, "WorkingDir"), text(cc, "User"), ports, labels, history);
  }

  /** {@code os/architecture[/variant]}, or {@code unknown}. */
  static String platform(JsonNode p) {
    String os = p.path("os").asText("");
    String arch = p.path("architecture").asText("");
    if (os.isEmpty() && arch.isEmpty()) return "unknown";
    String variant = p.path("variant").asText("");
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  private Optional<JsonNode> readJson(Digest digest, long max) throws IOException {
    if (!blobs.exists(digest) || blobs.size(digest) > max) return Optional.empty();
    try (InputStream in = blobs.open(digest)) {
      JsonNode n = Json.mapper().readTree(in.readNBytes((int) max));
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private static Optional<Digest> digest(JsonNode descriptor) {
    String d = descriptor.path("digest").asText("");
    return Digest.isDigest(d) ? Optional.of(Digest.parse(d)) : Optional.empty();
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) array.forEach(v -> out.add(v.asText("")));
    return out;
  }
}
