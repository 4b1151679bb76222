package io.berth.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.events.EventBus;
import io.berth.engine.image.ArchiveLoader;
import io.berth.engine.image.ImageGcRoots;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.ImageStore;
import io.berth.engine.image.LayerStore;
import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
  @TempDir Path root;
  MetadataStore db;
  LocalContentStore content;
  OverlaySnapshotter snapshotter;
  ImageService images;
  ArchiveLoader loader;
  GarbageCollector gc;
  final Set<String> containerSnapshots = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void open() {
    db = MetadataStore.open(root.resolve("berth.db"));
    content = new LocalContentStore(root.resolve("content"));
    snapshotter = new OverlaySnapshotter(root, db);
    images = new ImageService(new ImageStore(db), new LayerStore(db, content, snapshotter), content, id -> List.of(),
        new EventBus());
    loader = new ArchiveLoader(images, root.resolve("tmp"));
    GcRoots containers = () -> new GcRoots.Roots(Set.of(), Set.of(), containerSnapshots);
    gc = new GarbageCollector(content, images.layers(), snapshotter, images.leases(),
        List.of(new ImageGcRoots(images), containers)).install();
  }

  @AfterEach
  void close() {
    db.close();
  }

  static final byte[] BASE = SaveTars.layer("base.txt", "base");
  static final byte[] A = SaveTars.layer("a.txt", "a");
  static final byte[] B = SaveTars.layer("b.txt", "b");

  void load(byte[] archive) throws IOException {
    loader.load(new ByteArrayInputStream(archive));
  }

  /** Numbered snapshot directories on disk. */
  Set<String> snapshotDirs() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("snapshots"))) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** The directories the snapshot rows name. */
  Set<String> referencedDirs() {
    Set<String> out = new HashSet<>();
    for (Snapshotter.Info i : snapshotter.list()) out.add(snapshotter.dir(i.key()).getParent().getFileName().toString());
    return out;
  }

  @Test
  void deleting_an_image_frees_its_own_layer_and_keeps_the_shared_base_once() throws IOException {
    load(SaveTars.image("a:1", "a", BASE, A));
    load(SaveTars.image("b:1", "b", BASE, B));
    assertThat(snapshotter.list()).hasSize(3);
    int blobsBefore = content.list().size(); // 3 layers + 2 configs

    images.delete("a:1", false, false);

    assertThat(snapshotter.list()).hasSize(2);
    assertThat(images.layers().all()).hasSize(2);
    assertThat(content.list()).hasSize(blobsBefore - 2); // a's layer blob and a's config
    assertThat(snapshotDirs()).isEqualTo(referencedDirs());
    assertThat(gc.mark(true).isEmpty()).isTrue();
  }

  @Test
  void start_up_collection_removes_what_a_crash_left_half_made() throws IOException {
    load(SaveTars.image("a:1", "a", BASE, A));
    // what a kill -9 in the middle of a load leaves: a blob, an unpack in progress, a committed
    // snapshot without its layer row, a layer row without an image
    Digest stray = content.put(SaveTars.layer("x", "x"));
    snapshotter.prepare("extract-123", Optional.empty());
    snapshotter.prepare("extract-456", Optional.empty());
    snapshotter.commit("sha256:" + "ab".repeat(32), "extract-456");
    images.layers().register(content.put(B), "application/vnd.oci.image.layer.v1.tar", Optional.empty(), Optional.empty());
    containerSnapshots.add("container-1");
    Digest top = images.get("a:1").topChainId().orElseThrow();
    snapshotter.prepare("container-1", Optional.of(top.toString()));

    GarbageCollector.Report runtime = gc.collect();
    assertThat(runtime.snapshots()).doesNotContain("extract-123"); // an unpack may be in flight at run time
    assertThat(snapshotter.stat("extract-123")).isPresent();

    GarbageCollector.Report startup = gc.collectAtStartup();
    assertThat(startup.snapshots()).contains("extract-123");
    assertThat(content.exists(stray)).isFalse();
    assertThat(snapshotter.list()).extracting(Snapshotter.Info::key)
        .containsExactlyInAnyOrder("container-1", top.toString(), Digest.sha256(BASE).toString());
    assertThat(images.layers().all()).hasSize(2);
    assertThat(snapshotDirs()).isEqualTo(referencedDirs());
    assertThat(runtime.bytes() + startup.bytes()).isPositive();
  }

  @Test
  void a_lease_keeps_collection_away_until_it_closes() throws Exception {
    Digest blob;
    try (var lease = images.leases().acquire("load")) {
      blob = content.put(SaveTars.layer("y", "y"));
      assertThat(images.leases().collect()).isTrue(); // asked for: deferred
      assertThat(content.exists(blob)).isTrue();
      assertThat(images.leases().open()).containsExactly("load");
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (content.exists(blob) && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(content.exists(blob)).as("collected once the lease closed").isFalse();
  }

  @Test
  void a_container_keeps_its_image_layers_when_the_image_is_gone() throws IOException {
    load(SaveTars.image("a:1", "a", BASE, A));
    Digest top = images.get("a:1").topChainId().orElseThrow();
    snapshotter.prepare("container-9", Optional.of(top.toString()));
    containerSnapshots.add("container-9");
    db.write(c -> { // as if the image row went away under the container (rmi -f of an older berth)
      try (var st = c.createStatement()) {
        st.executeUpdate("DELETE FROM tags");
        st.executeUpdate("DELETE FROM images");
      }
      return null;
    });

    gc.collectAtStartup();

    assertThat(snapshotter.list()).hasSize(3);
    assertThat(images.layers().all()).hasSize(2);
    assertThat(content.list()).hasSize(2); // the layer blobs; the config went with the image row
  }

  // ---- partial downloads age out ----------------------------------------------------------------

  static final java.time.Instant NOW = java.time.Instant.parse("2025-06-01T12:00:00Z");

  /** A suspended pull ingest {@code ref} holding {@code bytes}, last written {@code age} before NOW. */
  void partialDownload(String ref, int bytes, java.time.Duration age) throws IOException {
    try (var ingest = content.ingest(ref)) {
      ingest.stream().write(new byte[bytes]);
      ingest.suspend();
    }
    Files.setLastModifiedTime(root.resolve("content/ingest").resolve(ref).resolve("data"),
        java.nio.file.attribute.FileTime.from(NOW.minus(age)));
  }

  GarbageCollector withClockAtNow() {
    return gc.ingestJanitor(new IngestJanitor(content, IngestJanitor.DEFAULT_MAX_AGE,
        java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)));
  }

  @Test
  void start_up_collection_removes_partial_downloads_older_than_a_day() throws IOException {
    partialDownload("pull-" + "a".repeat(64), 1000, java.time.Duration.ofHours(25));
    partialDownload("pull-" + "b".repeat(64), 10, java.time.Duration.ofHours(23));

    GarbageCollector.Report r = withClockAtNow().collectAtStartup();

    assertThat(r.ingests()).containsExactly("pull-" + "a".repeat(64));
    assertThat(r.bytes()).isEqualTo(1000);
    assertThat(content.ingests()).containsExactly("pull-" + "b".repeat(64));
  }

  @Test
  void a_collection_keeps_an_old_ingest_that_a_pull_has_open() throws IOException {
    partialDownload("pull-" + "c".repeat(64), 10, java.time.Duration.ofDays(3));
    try (var open = content.ingest("pull-" + "c".repeat(64))) {
      assertThat(withClockAtNow().collect().ingests()).isEmpty();
      assertThat(content.ingests()).containsExactly("pull-" + "c".repeat(64));
      open.suspend();
    }
    assertThat(gc.collect().ingests()).containsExactly("pull-" + "c".repeat(64));
    assertThat(content.ingests()).isEmpty();
  }

  @Test
  void moving_the_clock_ages_a_recent_ingest_out() throws IOException {
    partialDownload("pull-" + "d".repeat(64), 10, java.time.Duration.ofHours(1));
    assertThat(withClockAtNow().collect().ingests()).isEmpty();
    gc.ingestJanitor(new IngestJanitor(content, IngestJanitor.DEFAULT_MAX_AGE,
        java.time.Clock.fixed(NOW.plus(java.time.Duration.ofHours(24)), java.time.ZoneOffset.UTC)));
    assertThat(gc.collect().ingests()).containsExactly("pull-" + "d".repeat(64));
  }

  @Test
  void an_image_prune_that_deletes_nothing_still_ages_out_partial_downloads() throws IOException {
    partialDownload("pull-" + "e".repeat(64), 4096, java.time.Duration.ofDays(2));
    var pruner = new ImagePruner(images, withClockAtNow(), new EventBus());

    ImagePruner.Report r = pruner.prune(true, Optional.empty(), labels -> true);

    assertThat(r.deleted()).isEmpty();
    assertThat(r.reclaimed()).isEqualTo(4096);
    assertThat(content.ingests()).isEmpty();
  }
}
