package io.berth.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.snapshot.Snapshotter.Info;
import io.berth.engine.snapshot.Snapshotter.Kind;
import io.berth.oci.errors.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Snapshotter} must have (containerd's snapshotter test suite, in
 * spirit). An implementation's test extends this class and says how to open its snapshotter over
 * a root directory; opening it again over the same root must find the same state (a restart).
 */
public abstract class SnapshotterContract {
  @TempDir protected Path root;
  protected Snapshotter snapshotter;

  /** Opens the implementation over {@code root}; may be called again to simulate a restart. */
  protected abstract Snapshotter open(Path root);

  /** Releases what {@link #open} acquired (a database, say). */
  protected void close(Snapshotter s) {}

  @BeforeEach
  void openSnapshotter() {
    snapshotter = open(root);
  }

  @AfterEach
  void closeSnapshotter() {
    close(snapshotter);
  }

  protected Snapshotter restart() {
    close(snapshotter);
    snapshotter = open(root);
    return snapshotter;
  }

  /** Prepares {@code key} on {@code parent}, writes {@code file} into it and commits it as {@code name}. */
  protected void layer(String name, Optional<String> parent, String file, String content) throws Exception {
    Path dir = snapshotter.prepare("extract-" + name, parent);
    Files.writeString(dir.resolve(file), content);
    snapshotter.commit(name, "extract-" + name);
  }

  @Test
  void prepare_gives_an_empty_writable_directory() throws Exception {
    Path dir = snapshotter.prepare("a", Optional.empty());
    assertThat(dir).isDirectory().isEmptyDirectory();
    Files.writeString(dir.resolve("f"), "x");
    assertThat(snapshotter.dir("a")).isEqualTo(dir);
    Info info = snapshotter.stat("a").orElseThrow();
    assertThat(info.key()).isEqualTo("a");
    assertThat(info.kind()).isEqualTo(Kind.ACTIVE);
    assertThat(info.parent()).isEmpty();
    assertThat(info.createdMillis()).isPositive();
  }

  @Test
  void prepare_refuses_an_existing_key_and_an_unusable_parent() throws Exception {
    snapshotter.prepare("a", Optional.empty());
    assertThatThrownBy(() -> snapshotter.prepare("a", Optional.empty())).isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> snapshotter.prepare("b", Optional.of("nope"))).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("no such snapshot: nope");
    assertThatThrownBy(() -> snapshotter.prepare("b", Optional.of("a"))).isInstanceOf(BerthException.Conflict.class);
    assertThat(snapshotter.stat("b")).isEmpty();
  }

  @Test
  void commit_renames_an_active_snapshot_and_keeps_its_content() throws Exception {
    layer("base", Optional.empty(), "f", "base");
    assertThat(snapshotter.stat("extract-base")).isEmpty();
    Info base = snapshotter.stat("base").orElseThrow();
    assertThat(base.kind()).isEqualTo(Kind.COMMITTED);
    assertThat(snapshotter.dir("base").resolve("f")).hasContent("base");
  }

  @Test
  void commit_keeps_parent_chain() throws Exception {
    layer("l1", Optional.empty(), "a", "1");
    layer("l2", Optional.of("l1"), "b", "2");
    layer("l3", Optional.of("l2"), "c", "3");
    assertThat(snapshotter.stat("l3").orElseThrow().parent()).contains("l2");
    assertThat(snapshotter.stat("l2").orElseThrow().parent()).contains("l1");
    assertThat(snapshotter.stat("l1").orElseThrow().parent()).isEmpty();
  }

  @Test
  void commit_refuses_wrong_kinds_unknown_keys_and_taken_names() throws Exception {
    layer("base", Optional.empty(), "f", "x");
    snapshotter.prepare("active", Optional.of("base"));
    snapshotter.prepare("other", Optional.of("base"));
    assertThatThrownBy(() -> snapshotter.commit("again", "base")).isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> snapshotter.commit("x", "nope")).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.commit("other", "active")).isInstanceOf(BerthException.Conflict.class);
    assertThat(snapshotter.stat("active").orElseThrow().kind()).isEqualTo(Kind.ACTIVE);
  }

  @Test
  void layers_unpacked_side_by_side_are_stacked_by_commit_onto() throws Exception {
    Path top = snapshotter.prepare("extract-top", Optional.empty());
    Path bottom = snapshotter.prepare("extract-bottom", Optional.empty());
    Files.writeString(top.resolve("t"), "top");
    Files.writeString(bottom.resolve("b"), "bottom");
    snapshotter.commitOnto("bottom", "extract-bottom", Optional.empty());
    snapshotter.commitOnto("top", "extract-top", Optional.of("bottom"));
    assertThat(snapshotter.stat("top").orElseThrow().parent()).contains("bottom");
    assertThat(snapshotter.stat("top").orElseThrow().kind()).isEqualTo(Kind.COMMITTED);
    assertThat(snapshotter.dir("top").resolve("t")).hasContent("top");
    assertThatThrownBy(() -> snapshotter.remove("bottom")).isInstanceOf(BerthException.Conflict.class);
    restart();
    assertThat(snapshotter.stat("top").orElseThrow().parent()).contains("bottom");
  }

  @Test
  void commit_onto_refuses_an_unusable_parent() throws Exception {
    snapshotter.prepare("extract-a", Optional.empty());
    snapshotter.prepare("active", Optional.empty());
    assertThatThrownBy(() -> snapshotter.commitOnto("a", "extract-a", Optional.of("nope")))
        .isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> snapshotter.commitOnto("a", "extract-a", Optional.of("active")))
        .isInstanceOf(BerthException.Conflict.class);
    assertThat(snapshotter.stat("extract-a").orElseThrow().kind()).isEqualTo(Kind.ACTIVE);
  }

  @Test
  void remove_refuses_a_parent_with_children() throws Exception {
    layer("base", Optional.empty(), "f", "x");
    snapshotter.prepare("child", Optional.of("base"));
    assertThatThrownBy(() -> snapshotter.remove("base")).isInstanceOf(BerthException.Conflict.class);
    snapshotter.remove("child");
    snapshotter.remove("base");
    assertThat(snapshotter.list()).isEmpty();
  }

  @Test
  void remove_leaves_no_directory_behind_and_ignores_absent_keys() throws Exception {
    layer("base", Optional.empty(), "f", "x");
    Path dir = snapshotter.prepare("c", Optional.of("base"));
    Files.createDirectories(dir.resolve("deep/er"));
    Files.writeString(dir.resolve("deep/er/f"), "x");
    Path baseDir = snapshotter.dir("base");
    snapshotter.remove("c");
    snapshotter.remove("base");
    snapshotter.remove("never-existed");
    assertThat(dir).doesNotExist();
    assertThat(baseDir).doesNotExist();
    assertThatThrownBy(() -> snapshotter.dir("c")).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void usage_counts_own_files_once_and_not_the_parents() throws Exception {
    layer("base", Optional.empty(), "big", "x".repeat(10_000));
    Path dir = snapshotter.prepare("c", Optional.of("base"));
    Files.writeString(dir.resolve("a"), "y".repeat(300));
    Files.createLink(dir.resolve("a-link"), dir.resolve("a"));
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b"), "z".repeat(200));
    assertThat(snapshotter.usage("c")).isEqualTo(500);
    assertThat(snapshotter.usage("base")).isEqualTo(10_000);
    assertThatThrownBy(() -> snapshotter.usage("nope")).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void list_shows_every_snapshot() throws Exception {
    layer("base", Optional.empty(), "f", "x");
    snapshotter.prepare("c1", Optional.of("base"));
    snapshotter.prepare("c2", Optional.of("base"));
    assertThat(snapshotter.list()).extracting(Info::key).containsExactlyInAnyOrder("base", "c1", "c2");
  }

  @Test
  void restart_keeps_state() throws Exception {
    layer("base", Optional.empty(), "f", "base");
    Path dir = snapshotter.prepare("c", Optional.of("base"));
    Files.writeString(dir.resolve("g"), "mine");
    List<Info> before = snapshotter.list();
    List<Snapshotter.Mount> mountsBefore = snapshotter.mounts("c");
    Snapshotter again = restart();
    assertThat(again.list()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(again.mounts("c")).isEqualTo(mountsBefore);
    assertThat(again.dir("c").resolve("g")).hasContent("mine");
    assertThat(again.dir("base").resolve("f")).hasContent("base");
    // New snapshots after a restart never collide with old directories.
    Path fresh = again.prepare("d", Optional.of("base"));
    assertThat(fresh).isEmptyDirectory().isNotEqualTo(again.dir("c")).isNotEqualTo(again.dir("base"));
  }

  @Test
  void concurrent_prepares_get_distinct_directories() throws Exception {
    layer("base", Optional.empty(), "f", "x");
    List<Future<Path>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        String key = "c" + i;
        futures.add(pool.submit(() -> snapshotter.prepare(key, Optional.of("base"))));
      }
    }
    Set<Path> dirs = new HashSet<>();
    for (Future<Path> f : futures) dirs.add(f.get());
    assertThat(dirs).hasSize(16);
  }

  @Test
  void mounts_of_a_base_active_snapshot_is_one_writable_bind() throws Exception {
    Path dir = snapshotter.prepare("a", Optional.empty());
    List<Snapshotter.Mount> m = snapshotter.mounts("a");
    assertThat(m).hasSize(1);
    assertThat(m.getFirst().type()).isEqualTo("bind");
    assertThat(m.getFirst().source()).isEqualTo(dir.toString());
    assertThat(m.getFirst().options()).contains("rw").doesNotContain("ro");
    assertThatThrownBy(() -> snapshotter.mounts("nope")).isInstanceOf(BerthException.NotFound.class);
  }

  /** As root: a container-like snapshot on two layers is mounted, read and written (copy-up). */
  @Test
  void two_layer_snapshot_mounts_and_copies_up_on_write() throws Exception {
    layer("l1", Optional.empty(), "etc-hosts", "from l1");
    layer("l2", Optional.of("l1"), "bin-sh", "from l2");
    snapshotter.prepare("ctr", Optional.of("l2"));
    Path target = root.resolve("rootfs");
    Mounts.mountAll(snapshotter.mounts("ctr"), target);
    try {
      assertThat(target.resolve("etc-hosts")).hasContent("from l1");
      assertThat(target.resolve("bin-sh")).hasContent("from l2");
      Files.writeString(target.resolve("etc-hosts"), "changed");
      Files.writeString(target.resolve("new"), "new");
      Files.delete(target.resolve("bin-sh"));
      assertThat(target.resolve("etc-hosts")).hasContent("changed");
    } finally {
      Mounts.unmount(target);
    }
    assertThat(snapshotter.dir("l1").resolve("etc-hosts")).hasContent("from l1");
    assertThat(snapshotter.dir("l2").resolve("bin-sh")).hasContent("from l2");
    Mounts.mountAll(snapshotter.mounts("ctr"), target);
    try {
      assertThat(target.resolve("etc-hosts")).hasContent("changed");
      assertThat(target.resolve("new")).hasContent("new");
      assertThat(target.resolve("bin-sh")).doesNotExist();
    } finally {
      Mounts.unmount(target);
    }
  }
}
