package io.berth.engine.gc;

import io.berth.engine.image.LayerStore;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Mark and sweep over the store: blobs ({@code content/blobs}), layer rows and snapshots
 * ({@code snapshots/<n>}). Marking starts from the {@link GcRoots} and follows references: a layer keeps
 * its parent layer, its snapshot (same key: the chain ID) and the blob it was unpacked from; a
 * snapshot keeps its parent; a snapshot that is a layer's keeps that layer. Everything unmarked is
 * removed, children before parents.
 *
 * <p>Two modes. {@link #collect()} is the daemon's, run after deletions and prunes: exclusive of every
 * {@link Leases lease}, and it keeps every <em>active</em> snapshot (a container being created has its
 * snapshot before its row; an unpack in progress has one too). {@link #collectAtStartup()} runs before
 * the API serves anything, so nothing can be in flight: an active snapshot no root names is then the
 * leftover of a crash (a half-unpacked layer, a half-created container) and goes too.
 *
 * <p>Fails safe: a root source that throws stops the collection before anything is removed.
 * Thread-safety: callers serialise through {@link Leases} ({@link #collect} does).
 */
public final class GarbageCollector {
  private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());

  /**
   * What one collection removed, and the bytes it freed (unpacked files, blobs, and the partial
   * downloads {@link IngestJanitor} aged out: {@code ingests} are their refs).
   */
  public record Report(List<Digest> blobs, List<Digest> layers, List<String> snapshots, long bytes,
      List<String> ingests) {
    public Report {
      blobs = List.copyOf(blobs);
      layers = List.copyOf(layers);
      snapshots = List.copyOf(snapshots);
      ingests = List.copyOf(ingests);
    }

    public Report(List<Digest> blobs, List<Digest> layers, List<String> snapshots, long bytes) {
      this(blobs, layers, snapshots, bytes, List.of());
    }

    public boolean isEmpty() { return blobs.isEmpty() && layers.isEmpty() && snapshots.isEmpty() && ingests.isEmpty(); }

    static Report none() { return new Report(List.of(), List.of(), List.of(), 0); }

    Report plusIngests(List<LocalContentStore.RemovedIngest> removed) {
      if (removed.isEmpty()) return this;
      List<String> refs = new ArrayList<>(ingests);
      long freed = bytes;
      for (LocalContentStore.RemovedIngest r : removed) {
        refs.add(r.ref());
        freed += r.bytes();
      }
      return new Report(blobs, layers, snapshots, freed, refs);
    }
  }

  /** What a mark found unreferenced (what a sweep would remove). */
  public record Garbage(List<Digest> blobs, List<LayerStore.Layer> layers, List<Snapshotter.Info> snapshots) {
    public boolean isEmpty() { return blobs.isEmpty() && layers.isEmpty() && snapshots.isEmpty(); }
  }

  private final LocalContentStore content;
  private final LayerStore layers;
  private final Snapshotter snapshotter;
  private final List<GcRoots> sources;
  private final Leases leases;
  private volatile IngestJanitor janitor;
  private volatile Report last = Report.none();

  public GarbageCollector(LocalContentStore content, LayerStore layers, Snapshotter snapshotter, Leases leases,
      List<GcRoots> sources) {
    this.content = content;
    this.layers = layers;
    this.snapshotter = snapshotter;
    this.leases = leases;
    this.sources = List.copyOf(sources);
    this.janitor = new IngestJanitor(content);
  }

  /** Replaces the ager of partial downloads (tests move its clock); returns this. */
  public GarbageCollector ingestJanitor(IngestJanitor janitor) {
    this.janitor = janitor;
    return this;
  }

  /**
   * Only the ageing of partial downloads, exclusively of pulls (a prune that deleted nothing still
   * clears them); returns the bytes freed.
   */
  public long collectStaleIngests() {
    return leases.exclusively(() -> {
      Report r = Report.none().plusIngests(sweepIngests());
      log(r, false);
      return r.bytes();
    });
  }

  /** Makes this the collector {@link Leases#collect()} runs (after image deletions). */
  public GarbageCollector install() {
    leases.collector(() -> last = sweepLogged(false));
    return this;
  }

  /** A collection now, once no lease is open; returns what it removed. */
  public Report collect() {
    return leases.exclusively(() -> sweepLogged(false));
  }

  /** The start-up collection (no operation can be in flight): active snapshots without a root go too. */
  public Report collectAtStartup() {
    return leases.exclusively(() -> sweepLogged(true));
  }

  /** The report of the last collection {@link Leases#collect()} ran in the background. */
  public Report lastBackground() { return last; }

  /**
   * What a collection would remove, without removing it. Call it exclusively (inside
   * {@link Leases#exclusively}); {@code atStartup} as for {@link #collectAtStartup}.
   */
  public Garbage mark(boolean atStartup) {
    GcRoots.Roots roots = GcRoots.Roots.empty();
    for (GcRoots s : sources) roots = roots.plus(s.roots());

    Map<String, Snapshotter.Info> snaps = new HashMap<>();
    for (Snapshotter.Info i : snapshotter.list()) snaps.put(i.key(), i);
    Map<Digest, LayerStore.Layer> allLayers = new HashMap<>();
    for (LayerStore.Layer l : layers.all()) allLayers.put(l.chainId(), l);

    Set<String> keepSnaps = new HashSet<>();
    Set<Digest> keepLayers = new HashSet<>();
    Set<Digest> keepBlobs = new HashSet<>(roots.blobs());
    ArrayDeque<String> snapWork = new ArrayDeque<>(roots.snapshots());
    ArrayDeque<Digest> layerWork = new ArrayDeque<>(roots.layers());
    if (!atStartup) {
      for (Snapshotter.Info i : snaps.values()) {
        if (i.kind() == Snapshotter.Kind.ACTIVE) snapWork.add(i.key());
      }
    }
    while (!snapWork.isEmpty() || !layerWork.isEmpty()) {
      while (!layerWork.isEmpty()) {
        Digest chain = layerWork.pop();
        if (!keepLayers.add(chain)) continue;
        snapWork.add(chain.toString());
        LayerStore.Layer l = allLayers.get(chain);
        if (l != null) {
          l.blob().ifPresent(keepBlobs::add);
          l.parent().ifPresent(layerWork::add);
        }
      }
      while (!snapWork.isEmpty()) {
        String key = snapWork.pop();
        if (!keepSnaps.add(key)) continue;
        Snapshotter.Info i = snaps.get(key);
        if (i != null) i.parent().ifPresent(snapWork::add);
        if (Digest.isDigest(key) && allLayers.containsKey(Digest.parse(key))) layerWork.add(Digest.parse(key));
      }
    }

    List<LayerStore.Layer> deadLayers = allLayers.values().stream().filter(l -> !keepLayers.contains(l.chainId()))
        .sorted(deepestFirst(l -> l.parent().map(Digest::toString), k -> Optional.ofNullable(allLayers.get(Digest.parse(k)))
            .flatMap(x -> x.parent().map(Digest::toString)))).toList();
    List<Snapshotter.Info> deadSnaps = snaps.values().stream().filter(i -> !keepSnaps.contains(i.key()))
        .sorted(deepestFirst(Snapshotter.Info::parent, k -> Optional.ofNullable(snaps.get(k)).flatMap(Snapshotter.Info::parent)))
        .toList();
    List<Digest> deadBlobs = new ArrayList<>();
    try {
      for (Digest d : content.list()) {
        if (!keepBlobs.contains(d)) deadBlobs.add(d);
      }
    } catch (IOException e) {
      throw BerthException.internal("cannot list blobs: " + e.getMessage(), e);
    }
    return new Garbage(deadBlobs, deadLayers, deadSnaps);
  }

  /** Orders items so that children come before their parents (deepest chain first). */
  private static <T> Comparator<T> deepestFirst(Function<T, Optional<String>> parentOf,
      Function<String, Optional<String>> parentOfKey) {
    Map<T, Integer> depth = new HashMap<>();
    return Comparator.<T>comparingInt(t -> depth.computeIfAbsent(t, x -> {
      int d = 0;
      for (Optional<String> p = parentOf.apply(x); p.isPresent() && d < 10_000; p = parentOfKey.apply(p.get())) d++;
      return d;
    })).reversed();
  }

  /** Removes {@code garbage} (from {@link #mark}); call it exclusively. */
  public Report sweep(Garbage garbage) {
    long bytes = 0;
    List<Digest> goneLayers = new ArrayList<>();
    for (LayerStore.Layer l : garbage.layers()) {
      layers.forget(l.chainId());
      goneLayers.add(l.chainId());
    }
    List<String> goneSnaps = new ArrayList<>();
    for (Snapshotter.Info i : garbage.snapshots()) {
      long size = 0;
      try {
        size = snapshotter.usage(i.key());
      } catch (RuntimeException e) {
        // its directory is gone already: nothing to count
      }
      try {
        snapshotter.remove(i.key());
        goneSnaps.add(i.key());
        bytes += size;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "gc: cannot remove snapshot {0}: {1}", i.key(), e.getMessage());
      }
    }
    List<Digest> goneBlobs = new ArrayList<>();
    for (Digest d : garbage.blobs()) {
      try {
        long size = content.exists(d) ? content.size(d) : 0;
        content.delete(d);
        goneBlobs.add(d);
        bytes += size;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "gc: cannot remove blob {0}: {1}", d, e.getMessage());
      }
    }
    return new Report(goneBlobs, goneLayers, goneSnaps, bytes);
  }

  private Report sweepLogged(boolean atStartup) {
    Report r = sweep(mark(atStartup)).plusIngests(sweepIngests());
    log(r, atStartup);
    return r;
  }

  /** The janitor's sweep; a failure is logged, not fatal (blobs and layers were collected). */
  private List<LocalContentStore.RemovedIngest> sweepIngests() {
    try {
      return janitor.sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "gc: cannot age out partial downloads: {0}", e.getMessage());
      return List.of();
    }
  }

  private static void log(Report r, boolean atStartup) {
    if (!r.isEmpty()) {
      System.err.printf("berthd: gc%s: removed %d blobs, %d layers, %d snapshots, %d partial downloads (%d bytes)%n",
          atStartup ? " at start-up" : "", r.blobs().size(), r.layers().size(), r.snapshots().size(),
          r.ingests().size(), r.bytes());
    }
  }
}
