package io.berth.engine.api;

import io.berth.engine.image.ArchiveLoader;
import io.berth.engine.image.ArchiveSaver;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.RootfsImporter;
import io.berth.http.Headers;
import io.berth.oci.ImageReference;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code /images} endpoints of the Engine API. */
public final class ImageRoutes {
  private final ImageService images;
  private final RootfsImporter importer;
  private final ArchiveLoader loader;
  private final ArchiveSaver saver;
  private final Optional<Router.Handler> pull;

  public ImageRoutes(ImageService images, RootfsImporter importer, ArchiveLoader loader, ArchiveSaver saver) {
    this(images, importer, loader, saver, Optional.empty());
  }

  /** With {@code pull}: the handler of {@code POST /images/create?fromImage=} (RegistryRoutes). */
  public ImageRoutes(ImageService images, RootfsImporter importer, ArchiveLoader loader, ArchiveSaver saver,
      Optional<Router.Handler> pull) {
    this.images = images;
    this.importer = importer;
    this.loader = loader;
    this.saver = saver;
    this.pull = pull;
  }

  public void register(Router r) {
    r.add("GET", "/images/json", this::list);
    r.add("POST", "/images/create", this::create);
    r.add("POST", "/images/load", this::load);
    r.add("GET", "/images/get", req -> save(req, req.exchange().query().all("names")));
    r.add("GET", "/images/{name*}/json", req -> Responses.json(req, 200, inspect(images.get(req.param("name")))));
    r.add("GET", "/images/{name*}/get", req -> save(req, List.of(req.param("name"))));
    r.add("POST", "/images/{name*}/tag", this::tag);
    r.add("DELETE", "/images/{name*}", this::delete);
  }

  private void list(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("dangling", "label", "reference", "before", "since");
    List<Map<String, Object>> out = new ArrayList<>();
    // newest first, as dockerd sorts (the docker CLI prints the daemon's order)
    List<Image> all = new ArrayList<>(images.list());
    all.sort(java.util.Comparator.comparing(Image::created).reversed());
    boolean showAll = req.bool("all", false);
    java.util.Set<io.berth.oci.Digest> parents = images.store().parents();
    for (Image img : all) {
      if (!matches(img, f)) continue;
      // the builder's intermediate images (untagged, parents of others) only with all=1, as in dockerd
      if (!showAll && img.repoTags().isEmpty() && parents.contains(img.id())) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Id", img.id().toString());
      m.put("ParentId", images.store().parentOf(img.id()).map(Object::toString).orElse(""));
      m.put("RepoTags", img.repoTags());
      m.put("RepoDigests", repoDigests(img));
      m.put("Created", img.created().getEpochSecond());
      m.put("Size", img.size());
      m.put("SharedSize", -1);
      if (!req.version().atLeast(1, 44)) m.put("VirtualSize", img.size());
      m.put("Labels", img.config().config().labels());
      m.put("Containers", -1);
      out.add(m);
    }
    Responses.json(req, 200, out);
  }

  private static boolean matches(Image img, ApiRequest.Filters f) {
    for (String d : f.get("dangling")) {
      if (Boolean.parseBoolean(d) != img.repoTags().isEmpty()) return false;
    }
    for (String l : f.get("label")) {
      String[] kv = l.split("=", 2);
      String v = img.config().config().labels().get(kv[0]);
      if (v == null || kv.length == 2 && !kv[1].equals(v)) return false;
    }
    List<String> refs = f.get("reference");
    if (!refs.isEmpty() && img.repoTags().stream().noneMatch(t -> refs.stream().anyMatch(p -> referenceMatches(t, p)))) {
      return false;
    }
    return true;
  }

  /** Docker's reference filter: a glob over "repo" or "repo:tag". */
  static boolean referenceMatches(String familiarTag, String pattern) {
    String regex = pattern.replace(".", "\\.").replace("*", "[^/]*").replace("?", "[^/]");
    String repo = familiarTag.substring(0, familiarTag.lastIndexOf(':'));
    return familiarTag.matches(regex) || repo.matches(regex);
  }

  Map<String, Object> inspect(Image img) {
    var cfg = img.config();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", img.id().toString());
    m.put("RepoTags", img.repoTags());
    m.put("RepoDigests", repoDigests(img));
    m.put("Parent", images.store().parentOf(img.id()).map(Object::toString).orElse("")); // set by commit
    m.put("Comment", cfg.history().isEmpty() ? "" : cfg.history().getLast().comment().orElse(""));
    m.put("Created", cfg.created().orElse(img.created().toString()));
    if (cfg.extra().get("container") instanceof com.fasterxml.jackson.databind.JsonNode ctr && ctr.isTextual()) {
      m.put("Container", ctr.asText()); // the container a commit was made from
    }
    m.put("DockerVersion", "");
    m.put("Author", cfg.author().orElse(""));
    m.put("Config", cfg.config());
    // dockerd >= 26 (API 1.45) dropped ContainerConfig, but docker-compose 1.29 negotiates the daemon's
    // newest version and still reads image['ContainerConfig']['Volumes'] when it recreates a container
    // (a KeyError otherwise): keep dockerd 20.10's field, the config the image was committed with.
    m.put("ContainerConfig", cfg.extra().get("container_config") instanceof com.fasterxml.jackson.databind.JsonNode cc
        && cc.isObject() ? cc : cfg.config());
    m.put("Architecture", cfg.architecture());
    cfg.variant().ifPresent(v -> m.put("Variant", v));
    m.put("Os", cfg.os());
    m.put("Size", img.size());
    m.put("GraphDriver", Docs.obj("Name", "overlayfs", "Data", Docs.obj()));
    m.put("RootFS", Docs.obj("Type", cfg.rootfs().type(),
        "Layers", cfg.diffIds().stream().map(Object::toString).toList()));
    m.put("Metadata", Docs.obj("LastTagTime", "0001-01-01T00:00:00Z"));
    return m;
  }

  /**
   * The image's RepoDigests: the {@code repo@digest} references recorded when it was pulled or
   * pushed (dockerd's reference store); a local tag alone gives none.
   */
  List<String> repoDigests(Image img) {
    return images.repoDigests(img.id());
  }

  private void tag(ApiRequest req) throws IOException {
    String repo = req.query("repo").orElseThrow(() -> BerthException.invalid("repository name must be specified"));
    images.tag(req.param("name"), repo, req.query("tag"));
    req.exchange().respondEmpty(201);
  }

  private void delete(ApiRequest req) throws IOException {
    var items = images.delete(req.param("name"), req.bool("force", false), req.bool("noprune", false));
    List<Map<String, String>> out = new ArrayList<>();
    for (var i : items) {
      i.untagged().ifPresent(u -> out.add(Map.of("Untagged", u)));
      i.deleted().ifPresent(d -> out.add(Map.of("Deleted", d)));
    }
    Responses.json(req, 200, out);
  }

  /** {@code fromSrc=-}: import the request body; {@code fromImage}: a pull (not available yet). */
  private void create(ApiRequest req) throws Exception {
    Optional<String> fromSrc = req.query("fromSrc");
    if (fromSrc.isEmpty() && pull.isPresent()) {
      pull.get().handle(req);
      return;
    }
    if (fromSrc.isEmpty()) {
      String image = req.query("fromImage").orElseThrow(() -> BerthException.invalid("fromImage or fromSrc is required"));
      String ref = req.query("tag").map(t -> image + ":" + t).orElse(image);
      throw BerthException.notFound("pull access denied for %s: berthd has no registry client yet "
          + "(load or import the image instead)", ImageReference.parseWithDefaultTag(ref).familiarString());
    }
    if (!fromSrc.get().equals("-")) throw BerthException.invalid("importing from a URL is not supported: %s", fromSrc.get());
    List<String> changes = req.exchange().query().all("changes");
    Image img = importer.importRootfs(req.exchange().body(), req.query("repo"), req.query("tag"), changes,
        req.query("message").orElse(""));
    streamJson(req, List.of(Map.of("status", img.id().toString())));
  }

  private void load(ApiRequest req) throws IOException {
    var loaded = loader.load(req.exchange().body());
    List<Map<String, String>> lines = new ArrayList<>();
    for (var l : loaded) {
      if (l.tags().isEmpty()) {
        lines.add(Map.of("stream", "Loaded image ID: " + l.image().id() + "\n"));
      }
      for (String t : l.tags()) {
        lines.add(Map.of("stream", "Loaded image: " + ImageReference.parse(t).familiarString() + "\n"));
      }
    }
    streamJson(req, lines);
  }

  /** Docker's JSON-message stream: one object per line. */
  private static void streamJson(ApiRequest req, List<?> messages) throws IOException {
    Headers h = new Headers();
    h.set("Content-Type", "application/json");
    try (OutputStream out = req.exchange().respondChunked(200, h)) {
      for (Object m : messages) {
        out.write(Responses.bytes(m));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private void save(ApiRequest req, List<String> names) throws IOException {
    if (names.isEmpty()) throw BerthException.invalid("no image names given");
    Headers h = new Headers();
    h.set("Content-Type", "application/x-tar");
    ArchiveSaver.Selection selection = saver.select(names); // a typo is a clean 404, before any byte
    try (OutputStream out = req.exchange().respondChunked(200, h)) {
      saver.write(selection, out);
    }
  }
}
