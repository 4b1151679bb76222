package io.berth.engine.registry;

import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryCredentials;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.LayerStore;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Descriptor;
import io.berth.oci.image.Manifest;
import io.berth.oci.image.MediaTypes;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code docker push}: for each tag of the repository (or the one asked), the image's layer blobs
 * (the compressed blobs berthd keeps, pushed as they are: their digests are the manifest's) go up
 * five at a time as dockerd does — skipped when the registry has them, mounted from another
 * repository of the same registry when a local tag there has the layer — then the config and the
 * manifest (the one the image was pulled with when it still fits, else a new schema-2 manifest).
 */
public final class ImagePusher {
  /** dockerd's max-concurrent-uploads default. */
  static final int PARALLEL = 5;

  private final ImageService images;
  private final Registries registries;

  public ImagePusher(ImageService images, Registries registries) {
    this.images = images;
    this.registries = registries;
  }

  /** The tags to push: {@code tag}, or every tag of {@code name}'s repository; a 404 when there is none. */
  public List<ImageReference> tagsToPush(String name, Optional<String> tag) {
    ImageReference ref = ImageReference.parse(name);
    if (tag.isPresent() && !tag.get().isEmpty()) ref = ref.nameOnly().withTag(tag.get());
    List<ImageReference> out = new ArrayList<>();
    if (ref.tag().isPresent()) {
      if (images.store().resolveTag(ref.toString()).isPresent()) out.add(ref);
    } else {
      for (Image img : images.list()) {
        for (String t : images.store().tagsOf(img.id())) {
          ImageReference r = ImageReference.parse(t);
          if (r.repository().equals(ref.repository())) out.add(r);
        }
      }
    }
    if (out.isEmpty()) {
      throw BerthException.notFound("An image does not exist locally with the tag: %s", ref.familiarRepository());
    }
    return out;
  }

  public void push(List<ImageReference> tags, RegistryCredentials creds, ProgressStream out) throws IOException {
    ImageReference first = tags.getFirst();
    out.status("The push refers to repository [" + first.repository() + "]");
    RegistryClient client = registries.client(first.domain(), creds);
    for (ImageReference ref : tags) pushTag(client, ref, out);
  }

  private void pushTag(RegistryClient client, ImageReference ref, ProgressStream out) throws IOException {
    String repo = ref.path();
    Image img = images.get(ref.toString());
    ContentStore content = images.content();
    List<Descriptor> layers = new ArrayList<>();
    for (Digest chain : img.chainIds()) {
      LayerStore.Layer l = images.layers().get(chain).orElseThrow(() ->
          BerthException.internal("layer " + chain + " of image " + img.id() + " is missing", null));
      Digest blob = l.blob().orElseThrow(() -> BerthException.invalid("layer %s has no stored blob to push", chain));
      String type = l.blobMediaType().isEmpty() ? MediaTypes.DOCKER_LAYER_GZIP : l.blobMediaType();
      layers.add(new Descriptor(type, blob, content.size(blob)));
    }
    List<Descriptor> topFirst = new ArrayList<>(layers).reversed();
    for (Descriptor d : topFirst) out.status(ProgressStream.shortId(d.digest()), "Preparing");
    for (int i = PARALLEL; i < topFirst.size(); i++) out.status(ProgressStream.shortId(topFirst.get(i).digest()), "Waiting");
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> Thread.ofVirtual().name("push").unstarted(r));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Descriptor d : topFirst) futures.add(pool.submit(() -> {
        pushLayer(client, ref, d, out);
        return null;
      }));
      for (Future<?> f : futures) await(f);
    } finally {
      pool.shutdownNow();
      pool.close();
    }
    Digest configDigest = img.id();
    long configSize = content.size(configDigest);
    if (client.headBlob(repo, configDigest, true).isEmpty()) {
      client.pushBlob(repo, configDigest, configSize, () -> content.open(configDigest), n -> { });
    }
    byte[] manifest = manifestFor(img, layers, configSize);
    String mediaType = Json.read(manifest, Manifest.class).mediaType().orElse(MediaTypes.DOCKER_MANIFEST);
    String tag = ref.tag().orElse(ImageReference.DEFAULT_TAG);
    Digest digest = client.putManifest(repo, tag, mediaType, manifest);
    // dockerd records the pushed manifest as a RepoDigest of the image (repo@digest in that registry)
    images.recordRepoDigest(ref, digest, img.id());
    out.status(tag + ": digest: " + digest + " size: " + manifest.length);
    Map<String, Object> aux = new LinkedHashMap<>();
    aux.put("Tag", tag);
    aux.put("Digest", digest.toString());
    aux.put("Size", manifest.length);
    out.aux(aux);
    images.publish("push", ref.familiarString(), ref.familiarRepository());
  }

  private void pushLayer(RegistryClient client, ImageReference ref, Descriptor d, ProgressStream out) throws IOException {
    String id = ProgressStream.shortId(d.digest());
    String repo = ref.path();
    if (client.headBlob(repo, d.digest(), true).isPresent()) {
      out.status(id, "Layer already exists");
      return;
    }
    for (String from : mountCandidates(ref, d.digest())) {
      if (client.mountBlob(repo, d.digest(), from)) {
        out.status(id, "Mounted from " + from);
        return;
      }
    }
    ContentStore content = images.content();
    long[] last = {0};
    client.pushBlob(repo, d.digest(), d.size(), () -> content.open(d.digest()), n -> {
      if (n - last[0] >= 512 * 1024 || n == d.size()) {
        last[0] = n;
        out.progress(id, "Pushing", n, d.size());
      }
    });
    out.status(id, "Pushed");
  }

  /** Other repositories of the same registry that a local tag says hold {@code blob}. */
  private List<String> mountCandidates(ImageReference ref, Digest blob) {
    List<String> out = new ArrayList<>();
    for (Image img : images.list()) {
      boolean has = false;
      for (Digest chain : img.chainIds()) {
        if (images.layers().get(chain).flatMap(LayerStore.Layer::blob).filter(blob::equals).isPresent()) has = true;
      }
      if (!has) continue;
      for (String t : images.store().tagsOf(img.id())) {
        ImageReference r = ImageReference.parse(t);
        if (r.domain().equals(ref.domain()) && !r.path().equals(ref.path()) && !out.contains(r.path())) out.add(r.path());
      }
    }
    return out;
  }

  /** The manifest the image came with, when stored and still describing it; else a new Docker schema-2 manifest. */
  private byte[] manifestFor(Image img, List<Descriptor> layers, long configSize) throws IOException {
    ContentStore content = images.content();
    if (img.manifestDigest().isPresent() && content.exists(img.manifestDigest().get())) {
      byte[] stored;
      try (var in = content.open(img.manifestDigest().get())) {
        stored = in.readAllBytes();
      }
      try {
        Manifest m = Json.read(stored, Manifest.class);
        if (m.mediaType().filter(MediaTypes::isManifest).isPresent() && m.config().digest().equals(img.id())
            && m.layers().stream().map(Descriptor::digest).toList().equals(layers.stream().map(Descriptor::digest).toList())) {
          return stored;
        }
      } catch (RuntimeException notAManifest) {
        // an index (a multi-platform pull): write a manifest for this platform's image
      }
    }
    boolean oci = layers.stream().anyMatch(d -> d.mediaType().startsWith("application/vnd.oci."));
    Descriptor config = new Descriptor(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, img.id(), configSize);
    return Json.bytes(Manifest.of(oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST, config, layers));
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("push interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BerthException be) throw be;
      if (c instanceof IOException io) throw io;
      if (c instanceof RuntimeException re) throw re;
      throw BerthException.internal("pushing a layer: " + c, c);
    }
  }
}
