package io.berth.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.engine.archive.UpperDirTar;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerState;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import io.berth.oci.image.History;
import io.berth.oci.image.ImageConfig;
import io.berth.oci.image.MediaTypes;
import io.berth.oci.image.RootFs;
import io.berth.store.ContentStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * {@code docker commit}: a container's writable layer becomes one new image layer on top of its
 * image, and the container's configuration (with {@code --change} instructions applied) the new
 * image's. As with dockerd's graph-driver store:
 *
 * <ul>
 *   <li>the overlay upper directory is archived ({@link UpperDirTar}) as one gzip blob; its diff ID
 *       (the uncompressed tar's sha256) is registered with the image's top layer as parent, so the
 *       new image's snapshot chain is the base's plus one directory (no copy of the base);</li>
 *   <li>an unchanged container (empty upper directory) adds no layer: the history entry is an
 *       {@code empty_layer} one;</li>
 *   <li>history gains {@code {created, created_by: the container's Cmd joined with spaces, author,
 *       comment}}; the config records {@code container} and the image records its parent image;</li>
 *   <li>a running container is paused while its files are read, unless {@code pause=false} (events
 *       {@code pause}, {@code commit}, {@code unpause}; {@code tag} when a repository is given).</li>
 * </ul>
 *
 * <p>Errors are dockerd's (no such container, invalid reference, {@code "foo is not a valid change
 * command"}), found before anything is written; a failure later removes the blob it stored. Safe to
 * call concurrently (each call has its own temporary file; the stores serialise their writes).
 */
public final class ImageCommitter {
  private static final int BUFFER = 64 * 1024;

  /** One {@code POST /commit}. {@code config}: the request body's Config, overriding the container's. */
  public record Request(String container, Optional<String> repo, Optional<String> tag, String comment,
      String author, boolean pause, List<String> changes, Optional<ContainerConfig> config) {
    public Request {
      changes = List.copyOf(changes);
    }
  }

  private final ImageService images;
  private final ContainerService containers;
  private final Snapshotter snapshotter;
  private final Path tmp;
  private final Function<Container, JsonNode> dockerConfig;

  /**
   * @param tmp          a directory on the data root for the layer being written (wiped at start-up)
   * @param dockerConfig a container's {@code Config} as inspect shows it (Docker's field names)
   */
  public ImageCommitter(ImageService images, ContainerService containers, Snapshotter snapshotter, Path tmp,
      Function<Container, JsonNode> dockerConfig) {
    this.images = images;
    this.containers = containers;
    this.snapshotter = snapshotter;
    this.tmp = tmp;
    this.dockerConfig = dockerConfig;
  }

  /** Commits and returns the new image. */
  public Image commit(Request r) throws IOException {
    Optional<String> target = r.repo().filter(s -> !s.isEmpty()).map(repo -> reference(repo, r.tag()));
    Container c = containers.get(r.container());
    ImageConfig base = images.config(c.imageId());
    ContainerConfig own = containerConfig(c, base);
    ContainerConfig cfg = merge(ImportChanges.apply(r.config().orElse(own), r.changes()), own);

    boolean paused = false;
    if (r.pause() && c.state().running() && c.state().status() != ContainerState.Status.PAUSED) {
      containers.lifecycle().pause(c.id());
      paused = true;
    }
    // dockerd's order: pause, tag, commit, then unpause (deferred to the end of its commit)
    // the lease keeps the collector off the new blob and layer until the image row refers to them
    try (var lease = images.leases().acquire("commit")) {
      Image img = store(c, base, cfg, r, target);
      target.ifPresent(t -> images.publish("tag", img.id().toString(), ImageReference.parse(t).familiarString()));
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("comment", r.comment());
      attrs.put("imageID", img.id().toString());
      attrs.put("imageRef", target.map(t -> ImageReference.parse(t).familiarString()).orElse(""));
      containers.publish(c, "commit", attrs);
      return img;
    } finally {
      if (paused) {
        try {
          containers.lifecycle().unpause(c.id());
        } catch (BerthException exitedMeanwhile) {
          // it stopped (or was unpaused) while we read its files: nothing to resume
        }
      }
    }
  }

  private Image store(Container c, ImageConfig base, ContainerConfig cfg, Request r, Optional<String> target)
      throws IOException {
    Instant now = Instant.now();
    History entry = new History(Optional.of(now.toString()), nonEmpty(String.join(" ", c.config().cmd())),
        nonEmpty(r.author()), nonEmpty(r.comment()), false);
    return write(Optional.of(c), Optional.of(c.imageId()), base, cfg, entry, nonEmpty(r.author()), now,
        Map.of("container", TextNode.valueOf(c.id())), target.stream().toList());
  }

  /**
   * One builder step: the changes of {@code container} (when given and not empty) as a layer on top of
   * {@code base} (empty: {@code FROM scratch}), {@code cfg} as the new image's configuration and one
   * history entry {@code createdBy}. The new image is untagged and records {@code base} as its parent,
   * as the intermediate images of Docker's classic builder do.
   */
  public Image commitStep(Optional<String> container, Optional<Digest> base, ContainerConfig cfg, String createdBy,
      Optional<String> author) throws IOException {
    ImageConfig baseConfig = base.map(images::config).orElseGet(ImageCommitter::scratch);
    Optional<Container> c = container.map(containers::get);
    Instant now = Instant.now();
    History entry = new History(Optional.of(now.toString()), Optional.of(createdBy), Optional.empty(), Optional.empty(),
        c.isEmpty());
    try (var lease = images.leases().acquire("build")) {
      return write(c, base, baseConfig, cfg, entry, author.or(baseConfig::author), now, Map.of(), List.of());
    }
  }

  /**
   * Stores and registers the image with no layers (idempotent: its ID is its content's digest), for the
   * builder's containers of a {@code FROM scratch} stage.
   */
  public Digest scratchImage() throws IOException {
    Digest id = images.content().put(Json.bytes(scratch()));
    if (images.find(id.toString()).isEmpty()) images.register(id, Optional.empty(), List.of());
    return id;
  }

  /**
   * gzip at level 1: a commit (and every build step) waits for this compression, and level 1 is
   * several times faster than the default 6 for a few percent more bytes; dockerd's classic builder
   * does not compress at all until a push.
   */
  private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, BUFFER) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_SPEED);
      }
    };
  }

  /** The configuration of an image with no layers: what {@code FROM scratch} starts from. */
  public static ImageConfig scratch() {
    return new ImageConfig(Optional.empty(), Optional.empty(), "amd64", "linux", Optional.empty(), List.of(),
        Optional.empty(), ContainerConfig.EMPTY, new RootFs("layers", List.of()), List.of(), Map.of());
  }

  /**
   * Writes the container's upper directory (if any) as a gzip layer blob, then the image config with
   * {@code entry} appended to the history ({@code empty_layer} when nothing changed) and the image row.
   */
  private Image write(Optional<Container> c, Optional<Digest> parentImage, ImageConfig base, ContainerConfig cfg,
      History entry, Optional<String> author, Instant now, Map<String, JsonNode> extra, List<String> tags)
      throws IOException {
    ContentStore content = images.content();
    Optional<Digest> blob = Optional.empty();
    Files.createDirectories(tmp);
    Path file = Files.createTempFile(tmp, "commit-", ".tar.gz");
    try {
      RootFs rootfs = base.rootfs();
      boolean empty = true;
      if (c.isPresent()) {
        String key = ContainerService.snapshotKey(c.get().id());
        Path upper = snapshotter.dir(key);
        List<Path> lowers = new ArrayList<>();
        Optional<String> parent = snapshotter.stat(key).flatMap(Snapshotter.Info::parent);
        while (parent.isPresent()) {
          lowers.add(snapshotter.dir(parent.get()));
          parent = snapshotter.stat(parent.get()).flatMap(Snapshotter.Info::parent);
        }
        MessageDigest sha = Digest.newSha256();
        int entries;
        try (OutputStream out = Files.newOutputStream(file);
            GZIPOutputStream gz = fastGzip(new BufferedOutputStream(out, BUFFER));
            OutputStream tar = new BufferedOutputStream(new DigestOutputStream(gz, sha), BUFFER)) {
          entries = UpperDirTar.write(upper, lowers, tar);
        }
        Digest diffId = Digest.ofSha256(sha);
        empty = entries == 0;
        if (!empty) {
          try (InputStream in = Files.newInputStream(file)) {
            blob = Optional.of(content.put(in, Optional.empty()));
          }
          Optional<Digest> parentChain = parentImage.flatMap(id -> images.get(id.toString()).topChainId());
          LayerStore.Layer layer = images.layers().register(blob.get(), MediaTypes.DOCKER_LAYER_GZIP, parentChain,
              Optional.of(diffId));
          List<Digest> ids = new ArrayList<>(rootfs.diffIds());
          ids.add(layer.diffId());
          rootfs = new RootFs(rootfs.type(), ids);
        }
      }
      List<History> history = new ArrayList<>(base.history());
      history.add(new History(entry.created(), entry.createdBy(), entry.author(), entry.comment(), empty));
      ImageConfig config = new ImageConfig(Optional.of(now.toString()), author, base.architecture(),
          base.os(), base.osVersion(), base.osFeatures(), base.variant(), cfg, rootfs, history, extra);
      Digest id = content.put(Json.bytes(config));
      images.register(id, Optional.empty(), tags);
      parentImage.ifPresent(p -> images.store().setParent(id, p));
      return images.get(id.toString());
    } catch (IOException | RuntimeException e) {
      if (blob.isPresent() && !images.layers().blobInUse(blob.get())) content.delete(blob.get());
      throw e;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** dockerd's {@code RepoTagReference}: repo with the tag (default latest); a bad one is a 400. */
  private static String reference(String repo, Optional<String> tag) {
    ImageReference ref = ImageReference.parse(repo);
    if (ref.digest().isPresent()) throw BerthException.invalid("refusing to create a tag with a digest reference");
    if (tag.isPresent() && !tag.get().isEmpty()) {
      if (ref.tag().isPresent()) throw BerthException.invalid("invalid reference format");
      ref = ref.withTag(tag.get());
    } else if (ref.tag().isEmpty()) {
      ref = ref.withTag("latest");
    }
    return ref.toString();
  }

  /** The container's configuration in image-config form; its volumes are the image's (Docker copies them at create). */
  private ContainerConfig containerConfig(Container c, ImageConfig base) {
    ContainerConfig own = Json.mapper().convertValue(dockerConfig.apply(c), ContainerConfig.class);
    if (!own.volumes().isEmpty() || base.config().volumes().isEmpty()) return own;
    ContainerConfig.Builder b = own.toBuilder();
    base.config().volumes().forEach(b::volume);
    return b.build();
  }

  /**
   * moby's {@code merge(userConf, imageConf)} for commit: what the (changed) request config leaves
   * unset comes from the container's; ports, volumes, labels and environment variables are unions.
   */
  static ContainerConfig merge(ContainerConfig user, ContainerConfig container) {
    ContainerConfig.Builder b = user.toBuilder();
    if (user.user().isEmpty() || user.user().get().isEmpty()) container.user().ifPresent(b::user);
    container.exposedPorts().forEach(b::exposedPort);
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : user.env()) env.put(e.split("=", 2)[0], e);
    for (String e : container.env()) env.putIfAbsent(e.split("=", 2)[0], e);
    b.env(List.copyOf(env.values()));
    container.labels().forEach((k, v) -> {
      if (!user.labels().containsKey(k)) b.label(k, v);
    });
    if (user.entrypoint().map(List::isEmpty).orElse(true)) {
      if (user.cmd().map(List::isEmpty).orElse(true)) b.cmd(container.cmd());
      if (user.entrypoint().isEmpty()) b.entrypoint(container.entrypoint());
    }
    if (user.healthcheck().isEmpty()) b.healthcheck(container.healthcheck());
    if (user.workingDir().isEmpty() || user.workingDir().get().isEmpty()) container.workingDir().ifPresent(b::workingDir);
    container.volumes().forEach(b::volume);
    if (user.stopSignal().isEmpty() || user.stopSignal().get().isEmpty()) container.stopSignal().ifPresent(b::stopSignal);
    return b.build();
  }
}
