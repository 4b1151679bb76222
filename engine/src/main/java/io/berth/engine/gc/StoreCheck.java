package io.berth.engine.gc;

import io.berth.engine.image.ImageRow;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.LayerStore;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.store.AtomicFiles;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code berth system check}: verifies the store against its metadata and, with repair, removes what
 * a crash or an outside hand left behind. Checked: every blob's bytes against its digest; the
 * {@code snapshots/} directories against the snapshot rows (directories no row names, rows without a
 * directory, missing parents); each layer row against its snapshot, its parent layer, its chain ID
 * and its blob; each image's config blob and layers; each container's writable snapshot; partial
 * ingests; and garbage (what the collector would remove).
 *
 * <p>Repair removes what nothing refers to — orphan directories, stray files, partial ingests,
 * unowned active snapshots (older than {@link #IN_CREATION_MILLIS}: a container being created owns
 * its snapshot a moment before its row exists) and garbage — then checks again. Damage to something
 * referenced (a corrupt layer blob, a missing layer directory) is reported, never "fixed" by deleting
 * what an image needs; it remains a problem.
 *
 * <p>Runs exclusively ({@link Leases}): after loads in flight, before new ones.
 */
public final class StoreCheck {
  static final long IN_CREATION_MILLIS = 60_000;

  /** One finding. {@code kind}: blob, ingest, snapshot, layer, image, container, garbage. */
  public record Problem(String kind, String object, String message, boolean repairable, boolean repaired) {}

  /** Findings, how many objects were checked, and how many problems remain after any repair. */
  public record Report(List<Problem> problems, Map<String, Integer> checked, int remaining) {
    public Report {
      problems = List.copyOf(problems);
      checked = Map.copyOf(checked);
    }
  }

  private final LocalContentStore content;
  private final Snapshotter snapshotter;
  private final Path snapshotsDir;
  private final ImageService images;
  private final GcRoots containers;
  private final GarbageCollector gc;
  private final Leases leases;

  public StoreCheck(LocalContentStore content, Snapshotter snapshotter, Path dataRoot, ImageService images,
      GcRoots containers, GarbageCollector gc, Leases leases) {
    this.content = content;
    this.snapshotter = snapshotter;
    this.snapshotsDir = dataRoot.toAbsolutePath().normalize().resolve("snapshots");
    this.images = images;
    this.containers = containers;
    this.gc = gc;
    this.leases = leases;
  }

  public Report run(boolean repair) {
    return leases.exclusively(() -> {
      Findings first = inspect();
      if (!repair) return first.report(first.problems.size());
      for (Finding f : first.problems) {
        if (f.repair.isEmpty()) continue;
        try {
          f.repair.get().run();
        } catch (IOException | RuntimeException e) {
          System.err.println("berthd: system check: cannot repair " + f.problem.object() + ": " + e.getMessage());
        }
      }
      gc.sweep(gc.mark(false)); // garbage, and what the removals above left unreferenced
      Findings after = inspect();
      Set<String> left = new HashSet<>();
      for (Finding f : after.problems) left.add(f.problem.kind() + " " + f.problem.object());
      List<Problem> out = new ArrayList<>();
      for (Finding f : first.problems) {
        Problem p = f.problem;
        boolean fixed = f.repair.isPresent() && !left.remove(p.kind() + " " + p.object());
        out.add(new Problem(p.kind(), p.object(), p.message(), p.repairable(), fixed));
      }
      for (Finding f : after.problems) {
        if (left.contains(f.problem.kind() + " " + f.problem.object())
            && first.problems.stream().noneMatch(x -> x.problem.equals(f.problem))) {
          out.add(f.problem); // appeared with the repair (e.g. what a removal exposed)
        }
      }
      return new Report(out, after.checked, after.problems.size());
    });
  }

  /** A problem and, when repairable, how. */
  private record Finding(Problem problem, Optional<Repair> repair) {}

  @FunctionalInterface
  private interface Repair {
    void run() throws IOException;
  }

  private static final class Findings {
    final List<Finding> problems = new ArrayList<>();
    final Map<String, Integer> checked = new HashMap<>();

    void add(String kind, String object, String message) {
      problems.add(new Finding(new Problem(kind, object, message, false, false), Optional.empty()));
    }

    void add(String kind, String object, String message, Repair repair) {
      problems.add(new Finding(new Problem(kind, object, message, true, false), Optional.of(repair)));
    }

    Report report(int remaining) {
      return new Report(problems.stream().map(Finding::problem).toList(), checked, remaining);
    }
  }

  private Findings inspect() {
    Findings f = new Findings();
    try {
      checkBlobs(f);
      checkSnapshots(f);
      checkLayers(f);
      checkImages(f);
      checkContainers(f);
      checkGarbage(f);
    } catch (IOException e) {
      throw BerthException.internal("system check failed: " + e.getMessage(), e);
    }
    return f;
  }

  private void checkBlobs(Findings f) throws IOException {
    List<Digest> blobs = content.list();
    f.checked.put("Blobs", blobs.size());
    for (Digest d : blobs) {
      Optional<Digest> actual = rehash(d);
      if (actual.isPresent() && !actual.get().equals(d)) {
        f.add("blob", d.toString(), "content does not match its digest (it hashes to " + actual.get() + ")");
      }
    }
    Path sha = content.root().resolve("blobs").resolve("sha256");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sha)) {
      for (Path p : ds) {
        if (!Digest.isDigest("sha256:" + p.getFileName())) {
          f.add("blob", sha.relativize(p).toString(), "stray file in the blob store", () -> AtomicFiles.deleteRecursively(p));
        }
      }
    }
    for (String ref : content.ingests()) {
      f.add("ingest", ref, "partial write left by an interrupted operation", () -> content.abort(ref));
    }
  }

  private Optional<Digest> rehash(Digest d) throws IOException {
    if (!d.algorithm().equals("sha256")) return Optional.empty();
    MessageDigest md = Digest.newSha256();
    try (InputStream in = content.open(d)) {
      byte[] buf = new byte[256 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return Optional.of(Digest.ofSha256(md));
  }

  private void checkSnapshots(Findings f) throws IOException {
    List<Snapshotter.Info> all = snapshotter.list();
    f.checked.put("Snapshots", all.size());
    Set<String> keys = new HashSet<>();
    Set<String> dirs = new HashSet<>();
    for (Snapshotter.Info i : all) {
      keys.add(i.key());
      Path fs = snapshotter.dir(i.key());
      dirs.add(fs.getParent().getFileName().toString());
      if (!Files.isDirectory(fs)) f.add("snapshot", i.key(), "its directory " + snapshotsDir.relativize(fs) + " is missing");
    }
    for (Snapshotter.Info i : all) {
      if (i.parent().isPresent() && !keys.contains(i.parent().get())) {
        f.add("snapshot", i.key(), "its parent " + i.parent().get() + " does not exist");
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshotsDir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (dirs.contains(name)) continue;
        f.add("snapshot", "snapshots/" + name, name.startsWith("rm-") ? "left over from an interrupted removal"
            : "no snapshot row names this directory", () -> AtomicFiles.deleteRecursively(p));
      }
    }
  }

  private void checkLayers(Findings f) {
    List<LayerStore.Layer> all = images.layers().all();
    f.checked.put("Layers", all.size());
    Set<Digest> chains = new HashSet<>();
    for (LayerStore.Layer l : all) chains.add(l.chainId());
    for (LayerStore.Layer l : all) {
      String id = l.chainId().toString();
      Optional<Snapshotter.Info> snap = snapshotter.stat(id);
      if (snap.isEmpty()) f.add("layer", id, "its snapshot is missing");
      else if (snap.get().kind() != Snapshotter.Kind.COMMITTED) f.add("layer", id, "its snapshot is not committed");
      if (l.parent().isPresent() && !chains.contains(l.parent().get())) {
        f.add("layer", id, "its parent layer " + l.parent().get() + " is missing");
      }
      if (!ChainIds.next(l.parent(), l.diffId()).equals(l.chainId())) {
        f.add("layer", id, "its chain ID does not match its parent and diff ID " + l.diffId());
      }
      if (l.blob().isPresent() && !content.exists(l.blob().get())) {
        f.add("layer", id, "the blob it was unpacked from (" + l.blob().get() + ") is missing");
      }
    }
  }

  private void checkImages(Findings f) {
    List<ImageRow> rows = images.store().all();
    f.checked.put("Images", rows.size());
    for (ImageRow row : rows) {
      String id = row.id().toString();
      if (!content.exists(row.id())) {
        f.add("image", id, "its config blob is missing");
        continue;
      }
      List<Digest> chain;
      try {
        chain = ChainIds.compute(images.config(row.id()).diffIds());
      } catch (RuntimeException e) {
        f.add("image", id, "its config cannot be read: " + e.getMessage());
        continue;
      }
      for (Digest c : chain) {
        if (images.layers().get(c).isEmpty()) f.add("image", id, "its layer " + c + " is missing");
      }
    }
  }

  private void checkContainers(Findings f) {
    Set<String> snaps = containers.roots().snapshots();
    f.checked.put("Containers", snaps.size());
    for (String key : snaps) {
      if (snapshotter.stat(key).isEmpty()) f.add("container", key, "its writable snapshot is missing");
    }
  }

  private void checkGarbage(Findings f) {
    GarbageCollector.Garbage g = gc.mark(false);
    for (Snapshotter.Info i : g.snapshots()) {
      f.add("garbage", i.key(), "snapshot no image or container refers to", () -> {});
    }
    for (LayerStore.Layer l : g.layers()) {
      f.add("garbage", l.chainId().toString(), "layer no image or container refers to", () -> {});
    }
    for (Digest d : g.blobs()) f.add("garbage", d.toString(), "blob no image or layer refers to", () -> {});
    // Active snapshots are kept by the daemon's collection (they may be in use); one no container owns
    // is half-made: a crashed unpack or create. Young ones may be a container being created now.
    Set<String> owned = containers.roots().snapshots();
    long now = System.currentTimeMillis();
    for (Snapshotter.Info i : snapshotter.list()) {
      if (i.kind() != Snapshotter.Kind.ACTIVE || owned.contains(i.key())) continue;
      if (now - i.createdMillis() < IN_CREATION_MILLIS) continue;
      f.add("snapshot", i.key(), "active snapshot no container owns (an interrupted unpack or create)",
          () -> snapshotter.remove(i.key()));
    }
  }
}
