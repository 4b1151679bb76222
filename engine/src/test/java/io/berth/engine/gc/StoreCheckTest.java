package io.berth.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.events.EventBus;
import io.berth.engine.image.ArchiveLoader;
import io.berth.engine.image.ImageGcRoots;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.ImageStore;
import io.berth.engine.image.LayerStore;
import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.oci.Digest;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCheckTest {
  @TempDir Path root;
  MetadataStore db;
  LocalContentStore content;
  OverlaySnapshotter snapshotter;
  ImageService images;
  StoreCheck check;

  @BeforeEach
  void open() throws IOException {
    db = MetadataStore.open(root.resolve("berth.db"));
    content = new LocalContentStore(root.resolve("content"));
    snapshotter = new OverlaySnapshotter(root, db);
    images = new ImageService(new ImageStore(db), new LayerStore(db, content, snapshotter), content, id -> List.of(),
        new EventBus());
    GcRoots containers = () -> GcRoots.Roots.empty();
    var gc = new GarbageCollector(content, images.layers(), snapshotter, images.leases(),
        List.of(new ImageGcRoots(images), containers));
    check = new StoreCheck(content, snapshotter, root, images, containers, gc, images.leases());
    new ArchiveLoader(images, root.resolve("tmp")).load(new ByteArrayInputStream(
        SaveTars.image("a:1", "a", SaveTars.layer("base.txt", "base"), SaveTars.layer("a.txt", "a"))));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void a_clean_store_has_no_problems() {
    StoreCheck.Report r = check.run(false);
    assertThat(r.problems()).isEmpty();
    assertThat(r.remaining()).isZero();
    assertThat(r.checked()).containsEntry("Images", 1).containsEntry("Layers", 2).containsEntry("Snapshots", 2)
        .containsEntry("Blobs", 3);
  }

  @Test
  void repair_removes_orphans_and_half_written_things_and_the_store_is_clean_after() throws IOException {
    Files.createDirectories(root.resolve("snapshots/999/fs/etc"));
    Files.createDirectories(root.resolve("snapshots/rm-7/fs"));
    Digest stray = content.put(SaveTars.layer("x", "x"));
    try (var w = content.ingest("load-abc")) {
      w.stream().write(new byte[] {1, 2, 3});
      // closed without commit: removed. A crash leaves it: simulate by writing a second ingest below.
    }
    Files.createDirectories(content.root().resolve("ingest/crashed"));
    Files.write(content.root().resolve("ingest/crashed/data"), new byte[] {1});
    snapshotter.prepare("extract-old", Optional.empty());
    db.write(c -> {
      try (var st = c.createStatement()) {
        st.executeUpdate("UPDATE snapshots SET created = 0 WHERE key = 'extract-old'");
      }
      return null;
    });

    StoreCheck.Report found = check.run(false);
    assertThat(found.problems()).extracting(StoreCheck.Problem::object)
        .contains("snapshots/999", "snapshots/rm-7", stray.toString(), "crashed", "extract-old");
    assertThat(found.remaining()).isEqualTo(found.problems().size());

    StoreCheck.Report repaired = check.run(true);
    assertThat(repaired.remaining()).isZero();
    assertThat(repaired.problems()).allMatch(StoreCheck.Problem::repaired);
    assertThat(check.run(false).problems()).isEmpty();
    assertThat(root.resolve("snapshots/999")).doesNotExist();
    assertThat(content.exists(stray)).isFalse();
  }

  @Test
  void a_corrupt_layer_blob_and_a_missing_layer_directory_are_reported_and_remain() throws IOException {
    var layer = images.layers().all().getFirst();
    Path blob = content.path(layer.blob().orElseThrow());
    Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
    Files.write(blob, "garbage".getBytes());
    Path dir = snapshotter.dir(images.layers().all().getLast().chainId().toString());
    Files.move(dir, dir.resolveSibling("moved"));

    StoreCheck.Report r = check.run(true);

    assertThat(r.remaining()).isEqualTo(2);
    assertThat(r.problems()).extracting(StoreCheck.Problem::kind, StoreCheck.Problem::repaired)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("blob", false),
            org.assertj.core.groups.Tuple.tuple("snapshot", false));
    assertThat(r.problems().stream().filter(p -> p.kind().equals("blob")).findFirst().orElseThrow().message())
        .contains("does not match its digest");
    assertThat(Set.copyOf(images.list())).hasSize(1); // never "repaired" by deleting the image
  }
}
