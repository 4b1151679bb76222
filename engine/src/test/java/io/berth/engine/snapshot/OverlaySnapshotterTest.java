package io.berth.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverlaySnapshotterTest extends SnapshotterContract {
  private final Map<Snapshotter, MetadataStore> stores = new IdentityHashMap<>();

  @Override protected Snapshotter open(Path root) {
    MetadataStore db = MetadataStore.open(root.resolve("berth.db"));
    OverlaySnapshotter s = new OverlaySnapshotter(root, db);
    stores.put(s, db);
    return s;
  }

  @Override protected void close(Snapshotter s) {
    MetadataStore db = stores.remove(s);
    if (db != null) db.close();
  }

  @Test
  void directories_are_numbered_fs_and_work_under_snapshots() throws Exception {
    Path dir = snapshotter.prepare("sha256:" + "a".repeat(64), Optional.empty());
    assertThat(dir.getFileName().toString()).isEqualTo("fs");
    assertThat(dir.getParent().getParent()).isEqualTo(root.toAbsolutePath().resolve("snapshots"));
    assertThat(dir.getParent().getFileName().toString()).matches("[0-9]+");
    assertThat(dir.resolveSibling("work")).isDirectory();
  }

  @Test
  void active_snapshot_on_parents_is_one_overlay_with_lowers_top_first() throws Exception {
    layer("l1", Optional.empty(), "a", "1");
    layer("l2", Optional.of("l1"), "b", "2");
    Path upper = snapshotter.prepare("ctr", Optional.of("l2"));
    List<Snapshotter.Mount> mounts = snapshotter.mounts("ctr");
    assertThat(mounts).containsExactly(new Snapshotter.Mount("overlay", "overlay", List.of(
        "lowerdir=" + snapshotter.dir("l2") + ":" + snapshotter.dir("l1"),
        "upperdir=" + upper,
        "workdir=" + upper.resolveSibling("work"))));
  }

  @Test
  void committed_snapshot_mounts_as_a_read_only_view() throws Exception {
    layer("l1", Optional.empty(), "a", "1");
    layer("l2", Optional.of("l1"), "b", "2");
    assertThat(snapshotter.mounts("l1")).containsExactly(
        new Snapshotter.Mount("bind", snapshotter.dir("l1").toString(), List.of("rbind", "ro")));
    assertThat(snapshotter.mounts("l2")).containsExactly(new Snapshotter.Mount("overlay", "overlay",
        List.of("lowerdir=" + snapshotter.dir("l2") + ":" + snapshotter.dir("l1"))));
    Path target = root.resolve("view");
    Mounts.mountAll(snapshotter.mounts("l2"), target);
    try {
      assertThat(target.resolve("a")).hasContent("1");
      assertThat(target.resolve("b")).hasContent("2");
      assertThatThrownBy(() -> Files.writeString(target.resolve("c"), "x")).isInstanceOf(java.io.IOException.class);
    } finally {
      Mounts.unmount(target);
    }
  }

  @Test
  void writes_through_the_overlay_land_in_the_upper_directory() throws Exception {
    layer("l1", Optional.empty(), "f", "lower");
    Path upper = snapshotter.prepare("ctr", Optional.of("l1"));
    Path target = root.resolve("rootfs");
    Mounts.mountAll(snapshotter.mounts("ctr"), target);
    try {
      Files.writeString(target.resolve("f"), "upper");
    } finally {
      Mounts.unmount(target);
    }
    assertThat(upper.resolve("f")).hasContent("upper");
    assertThat(snapshotter.dir("l1").resolve("f")).hasContent("lower");
    assertThat(snapshotter.usage("ctr")).isEqualTo(5);
  }

  @Test
  void too_many_layers_for_the_mount_options_fail_clearly() throws Exception {
    Optional<String> parent = Optional.empty();
    for (int i = 0; i < 200; i++) {
      String key = "l" + i;
      snapshotter.prepare("x" + i, parent);
      snapshotter.commit(key, "x" + i);
      parent = Optional.of(key);
    }
    snapshotter.prepare("ctr", parent);
    assertThatThrownBy(() -> snapshotter.mounts("ctr")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("too many layers (200)");
  }

  @Test
  void remove_leaves_nothing_under_snapshots() throws Exception {
    layer("l1", Optional.empty(), "f", "x");
    snapshotter.prepare("ctr", Optional.of("l1"));
    snapshotter.remove("ctr");
    snapshotter.remove("l1");
    try (var s = Files.list(root.resolve("snapshots"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void start_up_deletes_directories_no_snapshot_owns() throws Exception {
    snapshotter.prepare("kept", Optional.empty());
    Path orphan = Files.createDirectories(root.resolve("snapshots/999/fs"));
    Path tomb = Files.createDirectories(root.resolve("snapshots/rm-5/fs"));
    restart();
    assertThat(orphan.getParent()).doesNotExist();
    assertThat(tomb.getParent()).doesNotExist();
    assertThat(snapshotter.dir("kept")).isDirectory();
  }

  @Test
  void unmount_of_a_directory_that_is_not_mounted_is_a_no_op() throws Exception {
    Mounts.unmount(root);
    Mounts.unmount(root.resolve("missing"));
  }

  @Test
  void a_root_that_overlay_cannot_express_is_refused() {
    assertThatThrownBy(() -> new OverlaySnapshotter(root.resolve("a:b"), null))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
