package io.berth.engine.image;

import io.berth.engine.archive.Compression;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unpacks the layers of one load on every core: each stored layer blob into its own parentless
 * snapshot ({@link LayerStore#unpack}), on platform threads (decompression, hashing and file writes
 * are CPU and blocking I/O; native calls would pin a virtual thread's carrier anyway).
 *
 * <p>Layers are started speculatively, as soon as the archive reader has stored a large blob that
 * looks like a layer (gzip or zstd magic, or a tar header), so unpacking overlaps reading the rest
 * of the archive; a blob some registered layer was made from is not started (the store most likely
 * has its chain already). {@link #want} claims a started unpack or starts one; {@link #take} waits
 * for it. {@link #close} waits for every unpack and removes the snapshot of each one not marked
 * {@link #stacked}: after a failed load, or a speculation that was not needed, nothing remains.
 *
 * <p>Thread-safety: {@link #speculate}, {@link #want}, {@link #take}, {@link #stacked} are called by
 * the loading thread only; the pool threads only run {@link LayerStore#unpack}.
 */
final class LayerUnpacker implements AutoCloseable {
  private static final int TAR_MAGIC_OFFSET = 257;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final LayerStore layers;
  private final ContentStore content;
  private final ExecutorService pool;
  private final Map<Digest, Deque<Future<LayerStore.Unpacked>>> unclaimed = new HashMap<>();
  private final Map<Digest, Deque<Future<LayerStore.Unpacked>>> claimed = new HashMap<>();
  private final List<Future<LayerStore.Unpacked>> all = new ArrayList<>();
  private final Set<String> stacked = new HashSet<>();

  LayerUnpacker(LayerStore layers, ContentStore content) {
    this.layers = layers;
    this.content = content;
    this.pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
        r -> Thread.ofPlatform().daemon().name("layer-unpack-" + THREADS.incrementAndGet()).unstarted(r));
  }

  /** Starts unpacking {@code blob} if it looks like a layer nobody unpacked yet. */
  void speculate(Digest blob) {
    if (unclaimed.containsKey(blob) || claimed.containsKey(blob)) return;
    try {
      if (layers.blobInUse(blob) || !looksLikeLayer(blob)) return;
    } catch (IOException | RuntimeException e) {
      return; // a guess only: the plan asks again
    }
    unclaimed.computeIfAbsent(blob, b -> new ArrayDeque<>()).add(submit(blob));
  }

  /** Claims an unpack of {@code blob} (one started speculatively, or a new one). */
  void want(Digest blob) {
    Deque<Future<LayerStore.Unpacked>> spare = unclaimed.get(blob);
    Future<LayerStore.Unpacked> f = spare == null || spare.isEmpty() ? submit(blob) : spare.poll();
    claimed.computeIfAbsent(blob, b -> new ArrayDeque<>()).add(f);
  }

  /** Waits for the next claimed unpack of {@code blob}. */
  LayerStore.Unpacked take(Digest blob) throws IOException {
    Deque<Future<LayerStore.Unpacked>> q = claimed.get(blob);
    if (q == null || q.isEmpty()) throw new IllegalStateException("layer " + blob + " was not wanted");
    return await(q.poll());
  }

  /** Marks {@code u} as handed to the layer store: {@link #close} leaves its snapshot alone. */
  void stacked(LayerStore.Unpacked u) {
    stacked.add(u.key());
  }

  @Override public void close() {
    pool.shutdown();
    for (Future<LayerStore.Unpacked> f : all) {
      try {
        LayerStore.Unpacked u = f.get();
        if (!stacked.contains(u.key())) layers.discard(u);
      } catch (ExecutionException e) {
        // it failed and removed its own snapshot
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // discard failed: the snapshot stays for the store check to find
      }
    }
    pool.close();
  }

  private Future<LayerStore.Unpacked> submit(Digest blob) {
    Future<LayerStore.Unpacked> f = pool.submit(() -> layers.unpack(blob));
    all.add(f);
    return f;
  }

  private static LayerStore.Unpacked await(Future<LayerStore.Unpacked> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while unpacking layers");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BerthException be) throw be;
      if (c instanceof IOException io) throw io;
      throw BerthException.internal("unpacking a layer: " + c, c);
    }
  }

  /** gzip or zstd magic, or a ustar header: worth unpacking before the manifest says so. */
  private boolean looksLikeLayer(Digest blob) throws IOException {
    try (InputStream in = content.open(blob)) {
      byte[] head = in.readNBytes(TAR_MAGIC_OFFSET + 5);
      if (Compression.detect(head) != Compression.NONE) return true;
      return head.length == TAR_MAGIC_OFFSET + 5 && new String(Arrays.copyOfRange(head, TAR_MAGIC_OFFSET,
          TAR_MAGIC_OFFSET + 5), StandardCharsets.US_ASCII).equals("ustar");
    }
  }
}
