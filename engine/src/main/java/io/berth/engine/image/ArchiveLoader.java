package io.berth.engine.image;

import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.ImageConfig;
import io.berth.oci.image.Platform;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker load}: registers the images of a {@code docker save} archive — the Docker v1.2
 * layout ({@code manifest.json}) or an OCI image layout ({@code index.json}), which newer dockers
 * write side by side — all of them or none.
 *
 * <p>How, and why it is fast: the archive is read once ({@link ArchiveContents}); each layer goes
 * into the content store as it streams (digest verified on the way) and is handed at once to an
 * {@link LayerUnpacker}, which unpacks layers on every core, each into its own parentless snapshot,
 * while the rest of the archive is still arriving. Once everything is read and every layer unpacked
 * and its diff ID checked against its image config, the layers are stacked in order and the images
 * registered. Docker (20.10) unpacks one layer after another, after the whole archive is on disk.
 *
 * <p>All or nothing: any failure before the images are registered (a broken tar, a missing layer, a
 * blob or diff ID that does not match) removes every snapshot and blob this load made and throws
 * InvalidArgument; the store is as before.
 */
public final class ArchiveLoader {
  private static final System.Logger LOG = System.getLogger(ArchiveLoader.class.getName());
  private final ImageService images;
  private final Platform host;

  /** {@code tmpRoot} is no longer used (nothing is spooled to a temp dir); kept for the daemon's wiring. */
  public ArchiveLoader(ImageService images, Path tmpRoot) {
    this.images = images;
    this.host = Platform.parse("linux/" + System.getProperty("os.arch"));
  }

  /** A loaded image and the tags (full references) it got. */
  public record Loaded(Image image, List<String> tags) {}

  /** One layer to add: chain {@code chain} = {@code diffId} on {@code parent}, from stored {@code blob}. */
  private record Step(Digest chain, Optional<Digest> parent, Digest diffId, Digest blob, String file) {}

  /** One image to register once its layers are in. */
  private record Planned(Digest configDigest, byte[] config, List<String> tags, Optional<Digest> manifest) {}

  public List<Loaded> load(InputStream archive) throws IOException {
    // Held until the image rows are committed: garbage collection must not take the blobs and
    // layers this load writes (nor the layers it found already there) before an image refers to them.
    try (var lease = images.leases().acquire("load")) {
      return loadLeased(archive);
    }
  }

  private List<Loaded> loadLeased(InputStream archive) throws IOException {
    ContentStore content = images.content();
    LayerStore layers = images.layers();
    long t0 = System.nanoTime();
    try (LayerUnpacker unpacker = new LayerUnpacker(layers, content)) {
      ArchiveContents contents = ArchiveContents.read(archive, content, unpacker::speculate);
      long read = System.nanoTime();
      List<Digest> stacked = new ArrayList<>();
      long[] unpackedAt = {read};
      List<Loaded> out = new ArrayList<>();
      List<Loaded> added = new ArrayList<>();
      try {
        List<Step> steps = new ArrayList<>();
        List<Planned> planned = plan(contents, layers, steps);
        Map<Step, LayerStore.Unpacked> unpacked = new HashMap<>();
        for (Step s : steps) unpacker.want(s.blob());
        for (Step s : steps) {
          LayerStore.Unpacked u = unpacker.take(s.blob());
          unpacked.put(s, u);
          if (!u.diffId().equals(s.diffId())) {
            throw BerthException.invalid("invalid archive: layer %s has diff ID %s, its image config says %s", s.file(),
                u.diffId(), s.diffId());
          }
        }
        unpackedAt[0] = System.nanoTime();
        // Everything is read and checked: from here on only the file system or the store can fail.
        for (Step s : steps) {
          LayerStore.Unpacked u = unpacked.get(s);
          unpacker.stacked(u);
          LayerStore.Layer l = layers.stack(u, RootfsImporter.mediaType(content, s.blob()), s.parent());
          if (l.chainId().equals(s.chain())) stacked.add(s.chain());
        }
        for (Planned p : planned) {
          boolean existed = images.find(p.configDigest().toString()).isPresent();
          Digest id = content.put(p.config());
          Loaded l = new Loaded(images.register(id, p.manifest(), p.tags()), p.tags());
          out.add(l);
          if (!existed) added.add(l);
        }
      } catch (IOException | RuntimeException e) {
        rollback(layers, contents, stacked, added);
        throw e;
      }
      for (Loaded l : out) images.publish("load", l.image().id().toString(), l.image().id().toString());
      // Where a load's time goes (reading vs waiting for the unpackers), for benchmarks and slow loads.
      LOG.log(System.Logger.Level.INFO, "load: {0} image(s), {1} new layer(s): archive read in {2} ms, all layers "
          + "unpacked after {3} ms, registered after {4} ms", out.size(), stacked.size(), ms(t0, read),
          ms(t0, unpackedAt[0]), ms(t0, System.nanoTime()));
      return out;
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** Checks every image of the archive and lists the layers the store lacks, parents first. */
  private List<Planned> plan(ArchiveContents contents, LayerStore layers, List<Step> steps) throws IOException {
    Set<Digest> planned = new HashSet<>();
    List<Planned> out = new ArrayList<>();
    for (ArchiveImages.Candidate c : ArchiveImages.find(contents, host)) {
      byte[] configBytes = contents.bytes(c.config());
      Digest configDigest = Digest.sha256(configBytes);
      if (c.config().startsWith("blobs/sha256/") && !c.config().endsWith(configDigest.hex())) {
        throw BerthException.invalid("invalid archive: config %s does not match its digest", c.config());
      }
      ImageConfig cfg = ArchiveImages.read(contents, c.config(), ImageConfig.class);
      List<Digest> diffIds = cfg.diffIds();
      if (diffIds.size() != c.layers().size()) {
        throw BerthException.invalid("invalid archive: config has %d layers, manifest lists %d", diffIds.size(),
            c.layers().size());
      }
      Optional<Digest> parent = Optional.empty();
      for (int i = 0; i < diffIds.size(); i++) {
        Digest chain = ChainIds.next(parent, diffIds.get(i));
        if (layers.get(chain).isEmpty() && planned.add(chain)) {
          ArchiveImages.LayerFile f = c.layers().get(i);
          steps.add(new Step(chain, parent, diffIds.get(i), contents.blob(f.name(), f.digest()), f.name()));
        }
        parent = Optional.of(chain);
      }
      List<String> tags = new ArrayList<>();
      for (String t : c.tags()) {
        String full = ImageReference.parseWithDefaultTag(t).toString();
        if (!tags.contains(full)) tags.add(full);
      }
      out.add(new Planned(configDigest, configBytes, tags, c.manifest()));
    }
    return out;
  }

  /** Undoes a failed load: images registered, layers stacked, blobs stored (snapshots: the unpacker). */
  private void rollback(LayerStore layers, ArchiveContents contents, List<Digest> stacked, List<Loaded> registered) {
    for (Loaded l : registered.reversed()) {
      try {
        images.delete(l.image().id().toString(), true, false);
      } catch (IOException | RuntimeException ignored) {
        // best effort: the store reports the rest
      }
    }
    for (Digest chain : stacked.reversed()) {
      try {
        layers.release(chain, Set.of());
      } catch (IOException | RuntimeException ignored) {
        // a layer another image shares stays, as it should
      }
    }
    contents.deleteCreated(layers::blobInUse);
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
}
