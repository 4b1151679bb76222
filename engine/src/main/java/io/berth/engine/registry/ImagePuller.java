package io.berth.engine.registry;

import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryCredentials;
import io.berth.distribution.RegistryErrors;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.LayerStore;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.oci.image.Descriptor;
import io.berth.oci.image.ImageConfig;
import io.berth.oci.image.ImageIndex;
import io.berth.oci.image.Manifest;
import io.berth.oci.image.MediaTypes;
import io.berth.oci.image.Platform;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code docker pull}: resolves the reference's manifest (an index picks linux/amd64 or the platform
 * asked), fetches the config, then downloads the missing layers three at a time as dockerd does —
 * each one stored and unpacked while it streams (no waiting for the whole blob), its digest and diff
 * ID verified — stacks them in order and tags the image. Progress goes out as Docker's messages.
 *
 * <p>On failure nothing of the pull stays: unpacked snapshots are discarded, blobs no layer uses are
 * deleted; partial downloads are kept (ingest {@code pull-<hex>}) and resumed by the next pull.
 */
public final class ImagePuller {
  /** dockerd's max-concurrent-downloads default. */
  static final int PARALLEL = 3;
  private static final long PROGRESS_BYTES = 512 * 1024;
  private static final long PROGRESS_NANOS = 100_000_000;

  private final ImageService images;
  private final Registries registries;

  public ImagePuller(ImageService images, Registries registries) {
    this.images = images;
    this.registries = registries;
  }

  /** One layer to download: descriptor {@code blob}, chain {@code chain} on {@code parent}. */
  private record Step(Descriptor blob, Digest diffId, Digest chain, Optional<Digest> parent) {
    String id() { return ProgressStream.shortId(blob.digest()); }
  }

  public void pull(ImageReference ref, Optional<Platform> platform, RegistryCredentials creds, ProgressStream out)
      throws IOException {
    try (var lease = images.leases().acquire("pull")) {
      pullLeased(ref, platform.orElse(Platform.of("linux", "amd64")), creds, out);
    }
  }

  private void pullLeased(ImageReference ref, Platform platform, RegistryCredentials creds, ProgressStream out)
      throws IOException {
    String repo = ref.path();
    String reference = ref.digest().map(Digest::toString).orElse(ref.tag().orElse(ImageReference.DEFAULT_TAG));
    RegistryClient client = registries.client(ref.domain(), creds);
    RegistryClient.FetchedManifest top;
    try {
      top = client.getManifest(repo, reference);
    } catch (BerthException e) {
      throw RegistryErrors.forPull(e, ref);
    }
    out.header(reference, "Pulling from " + repo);
    RegistryClient.FetchedManifest m = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      Descriptor chosen = choose(Json.read(top.bytes(), ImageIndex.class), platform, ref);
      m = client.getManifest(repo, chosen.digest().toString());
    }
    if (m.mediaType().equals(MediaTypes.DOCKER_MANIFEST_V1) || m.mediaType().equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)) {
      throw BerthException.invalid("[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, "
          + "schema 1 support has been removed. Suggest the author of %s to upgrade the image to the OCI Format or "
          + "Docker Image manifest v2, schema 2.", ref.familiarString());
    }
    if (!MediaTypes.isManifest(m.mediaType())) {
      throw BerthException.invalid("unsupported manifest media type %s for %s", m.mediaType(), ref.familiarString());
    }
    Manifest manifest = Json.read(m.bytes(), Manifest.class);
    ContentStore content = images.content();
    byte[] configBytes = client.getBlobBytes(repo, manifest.config().digest());
    ImageConfig config = Json.read(configBytes, ImageConfig.class);
    List<Digest> diffIds = config.diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw BerthException.invalid("invalid manifest: %d layers, but its config has %d diff IDs", manifest.layers().size(),
          diffIds.size());
    }
    List<Step> missing = plan(manifest, diffIds, out);
    List<Digest> created = new ArrayList<>();
    List<Digest> stackedChains = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL,
        r -> Thread.ofPlatform().daemon().name("pull-" + repo.replace('/', '-')).unstarted(r));
    List<Future<LayerStore.Unpacked>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < missing.size(); i++) {
        Step s = missing.get(i);
        if (i >= PARALLEL) out.status(s.id(), "Waiting");
        futures.add(pool.submit(() -> download(client, repo, s, out, created)));
      }
      for (int i = 0; i < missing.size(); i++) {
        Step s = missing.get(i);
        LayerStore.Unpacked u = await(futures.get(i));
        futures.set(i, null);
        if (!u.diffId().equals(s.diffId())) {
          images.layers().discard(u);
          throw BerthException.invalid("failed to register layer: layer %s has diff ID %s, its image config says %s",
              s.blob().digest(), u.diffId(), s.diffId());
        }
        out.progress(s.id(), "Extracting", s.blob().size(), s.blob().size());
        LayerStore.Layer l = images.layers().stack(u, s.blob().mediaType(), s.parent());
        if (l.chainId().equals(s.chain())) stackedChains.add(s.chain());
        out.status(s.id(), "Pull complete");
      }
    } catch (IOException | RuntimeException e) {
      pool.shutdownNow();
      for (Future<LayerStore.Unpacked> f : futures) discardQuietly(f);
      rollback(stackedChains, created);
      throw e;
    } finally {
      pool.shutdownNow();
      pool.close();
    }
    Digest configDigest = content.put(configBytes);
    content.put(top.bytes());
    boolean upToDate = ref.tag().isPresent() && images.store().resolveTag(ref.toString()).filter(configDigest::equals)
        .isPresent();
    images.register(configDigest, Optional.of(top.digest()),
        ref.tag().isPresent() ? List.of(ref.toString()) : List.of());
    // dockerd records repo@digest on every pull, also when the image was there already (pulled
    // from another repository or registry): one more RepoDigest.
    images.recordRepoDigest(ref, top.digest(), configDigest);
    out.status("Digest: " + top.digest());
    out.status("Status: " + (upToDate ? "Image is up to date for " : "Downloaded newer image for ")
        + ref.familiarString());
    images.publish("pull", ref.familiarString(), ref.familiarRepository());
  }

  /** The layers the store lacks; the others are reported as "Already exists". */
  private List<Step> plan(Manifest manifest, List<Digest> diffIds, ProgressStream out) {
    List<Step> missing = new ArrayList<>();
    Optional<Digest> parent = Optional.empty();
    for (int i = 0; i < diffIds.size(); i++) {
      Digest chain = ChainIds.next(parent, diffIds.get(i));
      Descriptor d = manifest.layers().get(i);
      if (MediaTypes.isForeign(d.mediaType())) {
        throw BerthException.invalid("foreign layers are not supported: %s", d.digest());
      }
      Step s = new Step(d, diffIds.get(i), chain, parent);
      if (images.layers().get(chain).isPresent()) {
        out.status(s.id(), "Already exists");
      } else {
        out.status(s.id(), "Pulling fs layer");
        missing.add(s);
      }
      parent = Optional.of(chain);
    }
    return missing;
  }

  /**
   * Downloads one layer into the store while unpacking it; verifies the blob digest at the end.
   *
   * <p>The blob's ingest is named after its digest and kept when the download fails (the registry
   * went away, the connection dropped, the pull was cancelled): the next pull of that blob replays
   * the bytes it already has into the unpacker and asks the registry only for the rest (a
   * {@code Range} request). A registry that ignores the range sends the whole blob, and the partial
   * bytes are dropped. A verification failure drops them too.
   */
  private LayerStore.Unpacked download(RegistryClient client, String repo, Step s, ProgressStream out,
      List<Digest> created) throws IOException {
    ContentStore content = images.content();
    long total = s.blob().size();
    String ref = "pull-" + s.blob().digest().hex();
    ContentStore.Ingest ingest = openIngest(content, ref);
    Tee tee = null;
    try {
      long have = ingest.offset();
      if (have > 0 && total >= 0 && have >= total) { // complete but not committed: cheaper to start over
        ingest.close();
        ingest = openIngest(content, ref);
        have = 0;
      }
      try (RegistryClient.BlobStream blob = client.getBlob(repo, s.blob().digest(), have)) {
        if (blob.offset() != have) { // the registry ignored the range: the whole blob comes again
          ingest.close();
          ingest = openIngest(content, ref);
          have = 0;
        }
        OutputStream sink = ingest.stream();
        tee = new Tee(blob.body(), sink, have, n -> out.progress(s.id(), "Downloading", n, total));
        InputStream whole = have > 0 ? new java.io.SequenceInputStream(ingest.written(), tee) : tee;
        LayerStore.Unpacked u = images.layers().unpack(s.blob().digest(), whole);
        try {
          whole.transferTo(OutputStream.nullOutputStream()); // the end of a compressed stream the tar reader left
          tee.finish();
          out.status(s.id(), "Verifying Checksum");
          sink.flush();
          boolean existed = content.exists(s.blob().digest());
          ingest.commit(Optional.of(s.blob().digest()), total);
          if (!existed) {
            synchronized (created) {
              created.add(s.blob().digest());
            }
          }
        } catch (IOException | RuntimeException e) {
          images.layers().discard(u);
          if (e instanceof BerthException.InvalidArgument) {
            throw BerthException.invalid("filesystem layer verification failed for digest %s", s.blob().digest());
          }
          throw e;
        }
        out.status(s.id(), "Download complete");
        return u;
      }
    } catch (IOException | RuntimeException e) {
      // The blob did not arrive whole (network, registry errors, cancellation; the unpacker then
      // reports a truncated stream): the ingest holds a prefix of it, worth keeping (its digest is
      // checked once complete). A failure after the whole blob arrived drops it.
      if (tee == null || total < 0 || tee.count() < total) ingest.suspend();
      throw e;
    } finally {
      ingest.close(); // after a commit or suspend, a no-op; otherwise the partial bytes are dropped
    }
  }

  /** The blob's resumable ingest; a private one when a concurrent pull of the same blob holds it. */
  private static ContentStore.Ingest openIngest(ContentStore content, String ref) throws IOException {
    try {
      return content.ingest(ref);
    } catch (BerthException.Conflict e) {
      return content.ingest(ref + "-" + UUID.randomUUID());
    }
  }

  /** Copies what the unpacker reads into the blob's ingest, reporting progress now and then. */
  private static final class Tee extends java.io.FilterInputStream {
    private final OutputStream sink;
    private final java.util.function.LongConsumer progress;
    private long count;
    private long reportedBytes;
    private long reportedAt = System.nanoTime();

    Tee(InputStream in, OutputStream sink, long start, java.util.function.LongConsumer progress) {
      super(in);
      this.sink = sink;
      this.progress = progress;
      this.count = start;
      this.reportedBytes = start;
    }

    @Override public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        sink.write(b, off, n);
        count += n;
        long now = System.nanoTime();
        if (count - reportedBytes >= PROGRESS_BYTES || now - reportedAt >= PROGRESS_NANOS) {
          reportedBytes = count;
          reportedAt = now;
          progress.accept(count);
        }
      }
      return n;
    }

    @Override public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      int r = read(buf, 0, buf.length);
      return Math.max(r, 0);
    }

    /** Blob bytes so far, including those of a resumed ingest. */
    long count() { return count; }

    /** The last progress line, at the full count. */
    void finish() {
      if (count != reportedBytes) progress.accept(count);
    }
  }

  /** The index entry for {@code platform}; Docker's "no matching manifest" error when none. */
  private static Descriptor choose(ImageIndex index, Platform platform, ImageReference ref) {
    for (Descriptor d : index.manifests()) {
      if (d.platform().isEmpty()) continue;
      Platform p = d.platform().get();
      if (p.os().equals(platform.os()) && p.architecture().equals(platform.architecture())
          && (platform.variant().isEmpty() || platform.variant().equals(p.variant()))) {
        return d;
      }
    }
    throw BerthException.notFound("no matching manifest for %s in the manifest list entries", platform.format());
  }

  private static LayerStore.Unpacked await(Future<LayerStore.Unpacked> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("pull interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BerthException be) throw be;
      if (c instanceof IOException io) throw io;
      if (c instanceof java.io.UncheckedIOException u) throw u;
      throw BerthException.internal("pulling a layer: " + c, c);
    }
  }

  private void discardQuietly(Future<LayerStore.Unpacked> f) {
    if (f == null) return;
    try {
      images.layers().discard(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      // it failed and cleaned up after itself, or it was cancelled
    }
  }

  private void rollback(List<Digest> stackedChains, List<Digest> created) {
    for (Digest chain : stackedChains.reversed()) {
      try {
        images.layers().release(chain, java.util.Set.of());
      } catch (IOException | RuntimeException ignored) {
        // shared with another image: it stays
      }
    }
    synchronized (created) {
      for (Digest blob : created) {
        try {
          if (!images.layers().blobInUse(blob)) images.content().delete(blob);
        } catch (IOException | RuntimeException ignored) {
          // the garbage collector finds it
        }
      }
    }
  }

}
