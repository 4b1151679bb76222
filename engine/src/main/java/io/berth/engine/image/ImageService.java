package io.berth.engine.image;

import io.berth.engine.container.HealthConfig;
import io.berth.engine.container.ImageDefaults;
import io.berth.engine.container.ImageLookup;
import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.ImageConfig;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Image use cases: resolve a reference, list, tag, delete (untag vs delete, in-use conflicts,
 * layer garbage collection), and the entry points for import/load/save (delegated to
 * {@link RootfsImporter}, {@link ArchiveLoader}, {@link ArchiveSaver}).
 */
public final class ImageService implements ImageLookup {
  private final ImageStore images;
  private final LayerStore layers;
  private final ContentStore content;
  private final Function<Digest, List<ImageUser>> containersUsing;
  private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();
  private final EventBus events;
  private final io.berth.engine.gc.Leases leases = new io.berth.engine.gc.Leases();

  /** A container created from an image, as image deletion needs to know it. */
  public record ImageUser(String containerId, boolean running) {}

  /** {@code containersUsing}: the containers created from an image (running or not). */
  public ImageService(ImageStore images, LayerStore layers, ContentStore content,
      Function<Digest, List<ImageUser>> containersUsing) {
    this(images, layers, content, containersUsing, new EventBus());
  }

  /** As above, publishing image events (tag, untag, delete, import, load, save …) to {@code events}. */
  public ImageService(ImageStore images, LayerStore layers, ContentStore content,
      Function<Digest, List<ImageUser>> containersUsing, EventBus events) {
    this.images = images;
    this.layers = layers;
    this.content = content;
    this.containersUsing = containersUsing;
    this.events = events;
  }

  /**
   * Publishes an image event as dockerd does ({@code LogImageEvent}): the actor is {@code id}; the
   * attributes are the image's labels (while it still exists) and {@code name}.
   */
  public void publish(String action, String id, String name) {
    Map<String, String> attrs = new LinkedHashMap<>();
    if (Digest.isDigest(id) && images.get(Digest.parse(id)).isPresent()) {
      try {
        attrs.putAll(config(Digest.parse(id)).config().labels());
      } catch (BerthException e) {
        // config unreadable: the event goes out without labels
      }
    }
    attrs.put("name", name);
    events.publish(Event.image(action, id, attrs));
  }

  public ImageStore store() { return images; }

  public LayerStore layers() { return layers; }

  public ContentStore content() { return content; }

  /** The holds of loads, imports and commits in flight, which garbage collection waits for. */
  public io.berth.engine.gc.Leases leases() { return leases; }

  // ---- lookup ----------------------------------------------------------------------------------

  /** Docker's resolution: full ID, tag (default :latest), then a unique ID prefix. */
  public Image get(String ref) {
    return find(ref).orElseThrow(() -> ImageStore.noSuchImage(displayRef(ref)));
  }

  public Optional<Image> find(String ref) {
    if (ref.startsWith("sha256:") && Digest.isDigest(ref)) return images.get(Digest.parse(ref)).map(this::image);
    Optional<Digest> tagged = Optional.empty();
    try {
      ImageReference r = ImageReference.parseWithDefaultTag(ref);
      if (r.digest().isPresent()) {
        Optional<Digest> recorded = images.resolveRepoDigest(r.nameOnly() + "@" + r.digest().get());
        if (recorded.isPresent()) return images.get(recorded.get()).map(this::image);
        return images.all().stream().filter(row -> row.manifestDigest().equals(r.digest())).findFirst().map(this::image);
      }
      tagged = images.resolveTag(r.toString());
    } catch (BerthException.InvalidArgument notAReference) {
      if (!ImageReference.looksLikeHexId(stripAlgo(ref))) throw notAReference;
    }
    if (tagged.isPresent()) return images.get(tagged.get()).map(this::image);
    String hex = stripAlgo(ref);
    if (ImageReference.looksLikeHexId(hex)) {
      List<ImageRow> rows = images.byPrefix(hex);
      if (rows.size() > 1) throw BerthException.invalid("multiple IDs found with provided prefix: %s", ref);
      if (rows.size() == 1) return Optional.of(image(rows.getFirst()));
    }
    return Optional.empty();
  }

  private static String stripAlgo(String ref) {
    return ref.startsWith("sha256:") ? ref.substring(7) : ref;
  }

  /** "busybox" → "busybox:latest" as docker prints it in errors. */
  static String displayRef(String ref) {
    try {
      ImageReference r = ImageReference.parse(ref);
      if (r.isNameOnly() && !ImageReference.looksLikeHexId(ref)) return ref + ":latest";
    } catch (BerthException e) {
      // not a reference: show it as typed
    }
    return ref;
  }

  public List<Image> list() {
    return images.all().stream().map(this::image).toList();
  }

  private Image image(ImageRow row) {
    return new Image(row.id(), config(row.id()), images.tagsOf(row.id()).stream().map(ImageService::familiar).toList(),
        row.size(), row.created(), row.manifestDigest());
  }

  static String familiar(String fullRef) {
    return ImageReference.parse(fullRef).familiarString();
  }

  public ImageConfig config(Digest id) {
    return configs.computeIfAbsent(id, d -> {
      try (InputStream in = content.open(d)) {
        return Json.read(in.readAllBytes(), ImageConfig.class);
      } catch (IOException e) {
        throw BerthException.internal("cannot read config of image " + d, e);
      }
    });
  }

  @Override
  public ImageDefaults resolve(String reference) {
    Image img = get(reference);
    var c = img.config().config();
    return new ImageDefaults(img.id(), img.topChainId().map(Digest::toString), c.entrypoint().orElse(List.of()),
        c.cmd().orElse(List.of()), c.env(), c.workingDir().orElse(""), c.user().orElse(""), c.labels(), c.stopSignal(),
        c.healthcheck().flatMap(HealthConfig::fromJson), List.copyOf(c.exposedPorts()), List.copyOf(c.volumes()));
  }

  @Override
  public Optional<io.berth.oci.image.Platform> platformOf(Digest imageId) {
    if (images.get(imageId).isEmpty()) return Optional.empty();
    try {
      return Optional.of(config(imageId).platform());
    } catch (BerthException e) {
      return Optional.empty(); // config unreadable: the runtime has the last word
    }
  }

  /** The image's RepoDigests as docker shows them ({@code busybox@sha256:…}), oldest first. */
  public List<String> repoDigests(Digest id) {
    return images.repoDigestsOf(id).stream().map(ImageService::familiar).toList();
  }

  /**
   * Records that image {@code id} is {@code repo@manifest} in a registry (pulled by, or pushed as,
   * that manifest), as dockerd's reference store does: a RepoDigest.
   */
  public void recordRepoDigest(ImageReference repo, Digest manifest, Digest id) {
    images.addRepoDigest(repo.nameOnly() + "@" + manifest, id);
  }

  // ---- tag / delete ----------------------------------------------------------------------------

  public void tag(String source, String repo, Optional<String> tag) {
    Image img = get(source);
    ImageReference target = ImageReference.parse(repo);
    if (target.digest().isPresent()) throw BerthException.invalid("refusing to create a tag with a digest reference");
    if (tag.isPresent()) {
      if (target.tag().isPresent()) throw BerthException.invalid("invalid reference format");
      target = target.withTag(tag.get());
    } else if (target.tag().isEmpty()) {
      target = target.withTag("latest");
    }
    images.tag(target.toString(), img.id());
    publish("tag", img.id().toString(), target.familiarString());
  }

  /** One line of Docker's delete response: {"Untagged": ref} or {"Deleted": id}. */
  public record DeleteItem(Optional<String> untagged, Optional<String> deleted) {
    static DeleteItem untagged(String ref) { return new DeleteItem(Optional.of(ref), Optional.empty()); }
    static DeleteItem deleted(Digest id) { return new DeleteItem(Optional.empty(), Optional.of(id.toString())); }
  }

  /**
   * Docker's rmi: a tag reference with other tags left only untags; deleting the image itself is
   * refused (409) while a container uses it or, by ID, while several repositories name it —
   * unless forced (a force never removes an image a container uses: it only untags it).
   */
  public List<DeleteItem> delete(String ref, boolean force, boolean noPrune) throws IOException {
    return delete(ref, force, noPrune, true);
  }

  /**
   * @param noPrune     keep the image's untagged parents (dockerd's {@code noprune})
   * @param releaseNow  free the layers now; false when the caller runs one collection afterwards (prune)
   */
  public synchronized List<DeleteItem> delete(String ref, boolean force, boolean noPrune, boolean releaseNow)
      throws IOException {
    Image img = get(ref);
    List<String> tags = images.tagsOf(img.id());
    List<String> digests = images.repoDigestsOf(img.id());
    Optional<String> named = namedRef(ref, img, tags, digests);
    boolean byTag = named.isPresent();
    var out = new ArrayList<DeleteItem>();
    if (byTag && !RepoRefs.remainingAfterUntag(named.get(), tags, digests).isEmpty()) {
      out.addAll(untag(img, named.get(), tags, digests));
      return out;
    }
    if (!images.childrenOf(img.id()).isEmpty()) {
      // dockerd: a tag of an image with children is only removed; the image itself stays as their parent
      if (byTag) {
        out.addAll(untag(img, named.get(), tags, digests));
        return out;
      }
      throw BerthException.conflict("conflict: unable to delete %s (cannot be forced) - image has dependent child "
          + "images", img.id().shortHex());
    }
    List<ImageUser> users = containersUsing.apply(img.id());
    String shown = byTag ? ref : img.id().shortHex();
    for (ImageUser u : users) {
      if (u.running()) { // Docker refuses this even with force
        throw BerthException.conflict("conflict: unable to delete %s (cannot be forced) - image is being used by "
            + "running container %s", shown, u.containerId().substring(0, 12));
      }
    }
    if (!users.isEmpty() && !force) {
      throw BerthException.conflict("conflict: unable to delete %s (must be forced) - image is being used by "
          + "stopped container %s", shown, users.getFirst().containerId().substring(0, 12));
    }
    if (!byTag && tags.size() > 1 && !force) {
      throw BerthException.conflict("conflict: unable to delete %s (must be forced) - image is referenced in "
          + "multiple repositories", img.id().shortHex());
    }
    for (String t : tags) {
      images.untag(t);
      out.add(DeleteItem.untagged(familiar(t)));
      publish("untag", img.id().toString(), img.id().toString());
    }
    for (String d : digests) {
      images.removeRepoDigest(d);
      out.add(DeleteItem.untagged(familiar(d)));
      publish("untag", img.id().toString(), img.id().toString());
    }
    if (!users.isEmpty()) return out; // forced: untagged, kept for its containers
    Optional<Digest> parent = images.parentOf(img.id());
    images.delete(img.id());
    configs.remove(img.id());
    out.add(DeleteItem.deleted(img.id()));
    if (releaseNow) releaseLayers(img);
    publish("delete", img.id().toString(), img.id().toString());
    if (!noPrune) out.addAll(deleteUntaggedParents(parent, releaseNow));
    return out;
  }

  /**
   * dockerd's rmi "prune": after an image goes, its parent goes too if nothing else holds it (no tag,
   * no other child, no container), and so on up the chain — the builder's intermediate images.
   */
  private List<DeleteItem> deleteUntaggedParents(Optional<Digest> parent, boolean releaseNow) throws IOException {
    List<DeleteItem> out = new ArrayList<>();
    while (parent.isPresent()) {
      Digest p = parent.get();
      Optional<Image> img = find(p.toString());
      if (img.isEmpty() || !images.tagsOf(p).isEmpty() || !images.childrenOf(p).isEmpty()
          || !containersUsing.apply(p).isEmpty()) {
        break;
      }
      parent = images.parentOf(p);
      images.delete(p);
      configs.remove(p);
      out.add(DeleteItem.deleted(p));
      if (releaseNow) releaseLayers(img.get());
      publish("delete", p.toString(), p.toString());
    }
    return out;
  }

  /**
   * The full reference {@code ref} names when it is one of the image's tags or RepoDigests (not an
   * ID); empty otherwise.
   */
  private static Optional<String> namedRef(String ref, Image img, List<String> tags, List<String> digests) {
    if (isIdRef(ref, img)) return Optional.empty();
    try {
      ImageReference r = ImageReference.parseWithDefaultTag(ref);
      String full = r.digest().isPresent() ? r.nameOnly() + "@" + r.digest().get() : r.toString();
      return tags.contains(full) || digests.contains(full) ? Optional.of(full) : Optional.empty();
    } catch (BerthException.InvalidArgument notAReference) {
      return Optional.empty();
    }
  }

  /** Removes one tag or RepoDigest (and, see {@link RepoRefs}, its repository's digests); the delete lines. */
  private List<DeleteItem> untag(Image img, String full, List<String> tags, List<String> digests) {
    List<DeleteItem> out = new ArrayList<>();
    for (String r : RepoRefs.removedByUntag(full, tags, digests)) {
      if (tags.contains(r)) images.untag(r);
      else images.removeRepoDigest(r);
      out.add(DeleteItem.untagged(familiar(r)));
      publish("untag", img.id().toString(), img.id().toString());
    }
    return out;
  }

  private static boolean isIdRef(String ref, Image img) {
    String hex = stripAlgo(ref);
    return ImageReference.looksLikeHexId(hex) && img.id().hex().startsWith(hex);
  }

  /** Removes the image's layers that no remaining image uses (containers hold theirs as children). */
  private void releaseLayers(Image gone) throws IOException {
    if (leases.collect()) return; // the daemon's garbage collector removes what no root holds any more
    Set<Digest> keep = new HashSet<>();
    for (ImageRow row : images.all()) keep.addAll(image(row).chainIds());
    Optional<Digest> top = gone.topChainId();
    if (top.isPresent()) layers.release(top.get(), keep);
    if (images.get(gone.id()).isEmpty()) content.delete(gone.id());
  }

  /** Records a new image (config already stored) and points {@code tags} (full refs) at it. */
  public Image register(Digest configDigest, Optional<Digest> manifestDigest, List<String> tags) {
    ImageConfig cfg = config(configDigest);
    long size = 0;
    for (Digest chain : ChainIds.compute(cfg.diffIds())) {
      size += layers.get(chain).map(LayerStore.Layer::size).orElse(0L);
    }
    Instant created = cfg.createdAt().orElse(Instant.now());
    images.put(new ImageRow(configDigest, manifestDigest, size, created), tags);
    return image(images.get(configDigest).orElseThrow());
  }
}
