package io.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
  @TempDir Path root;
  private MetadataStore db;
  private LocalContentStore content;
  private OverlaySnapshotter snapshotter;
  private LayerStore layers;

  @BeforeEach
  void open() {
    db = MetadataStore.open(root.resolve("berth.db"));
    content = new LocalContentStore(root.resolve("content"));
    snapshotter = new OverlaySnapshotter(root, db);
    layers = new LayerStore(db, content, snapshotter);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static byte[] tar(String name, String text) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = text.getBytes(StandardCharsets.UTF_8);
      var e = new TarArchiveEntry(name);
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void images_sharing_a_base_share_its_unpacked_directory() throws IOException {
    Digest baseBlob = content.put(tar("base.txt", "base"));
    LayerStore.Layer base = layers.register(baseBlob, "tar", Optional.empty(), Optional.empty());
    LayerStore.Layer a = layers.register(content.put(tar("a.txt", "a")), "tar", Optional.of(base.chainId()), Optional.empty());
    LayerStore.Layer again = layers.register(baseBlob, "tar", Optional.empty(), Optional.of(base.diffId()));
    LayerStore.Layer b = layers.register(content.put(tar("b.txt", "b")), "tar", Optional.of(base.chainId()), Optional.empty());

    assertThat(again.chainId()).isEqualTo(base.chainId());
    assertThat(a.parent()).contains(base.chainId());
    assertThat(b.parent()).contains(base.chainId());
    assertThat(snapshotter.list()).hasSize(3); // base once, a, b
    assertThat(Files.readString(snapshotter.dir(base.chainId().toString()).resolve("base.txt"))).isEqualTo("base");
  }

  @Test
  void releasing_one_image_keeps_the_base_another_uses() throws IOException {
    LayerStore.Layer base = layers.register(content.put(tar("base.txt", "base")), "tar", Optional.empty(), Optional.empty());
    LayerStore.Layer a = layers.register(content.put(tar("a.txt", "a")), "tar", Optional.of(base.chainId()), Optional.empty());
    LayerStore.Layer b = layers.register(content.put(tar("b.txt", "b")), "tar", Optional.of(base.chainId()), Optional.empty());

    layers.release(a.chainId(), Set.of(b.chainId(), base.chainId()));

    assertThat(layers.get(a.chainId())).isEmpty();
    assertThat(content.exists(a.blob().orElseThrow())).isFalse();
    assertThat(layers.get(base.chainId())).isPresent();
    assertThat(layers.get(b.chainId())).isPresent();
  }

  @Test
  void a_wrong_diff_id_leaves_no_layer_and_no_snapshot() throws IOException {
    Digest blob = content.put(tar("x", "x"));
    Digest wrong = Digest.sha256("not the layer".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> layers.register(blob, "tar", Optional.empty(), Optional.of(wrong)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("diff id mismatch");
    assertThat(snapshotter.list()).isEmpty();
  }
}
