package io.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.events.EventBus;
import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RepoDigests as dockerd's reference store keeps them: recorded by pulls and pushes, removed by rmi. */
class RepoDigestsTest {
  @TempDir Path root;
  MetadataStore db;
  ImageService images;
  Digest id;

  static final Digest M1 = Digest.sha256("manifest one".getBytes(StandardCharsets.UTF_8));
  static final Digest M2 = Digest.sha256("manifest two".getBytes(StandardCharsets.UTF_8));

  @BeforeEach
  void open() throws IOException {
    db = MetadataStore.open(root.resolve("berth.db"));
    LocalContentStore content = new LocalContentStore(root.resolve("content"));
    images = new ImageService(new ImageStore(db),
        new LayerStore(db, content, new OverlaySnapshotter(root, db)), content, i -> List.of(), new EventBus());
    id = content.put(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\","
        + "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** What the puller does once the layers are in. */
  void pulled(String ref, Digest manifest) {
    ImageReference r = ImageReference.parseWithDefaultTag(ref);
    images.register(id, Optional.of(manifest), r.tag().isPresent() ? List.of(r.toString()) : List.of());
    images.recordRepoDigest(r, manifest, id);
  }

  List<String> untagged(List<ImageService.DeleteItem> items) {
    return items.stream().flatMap(i -> i.untagged().stream()).toList();
  }

  @Test
  void a_second_pull_of_the_same_image_from_another_registry_adds_a_repo_digest() {
    pulled("busybox:latest", M1);
    pulled("localhost:5000/team/bb:1", M2);

    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1, "localhost:5000/team/bb@" + M2);
    assertThat(images.get("busybox").repoTags()).containsExactly("busybox:latest", "localhost:5000/team/bb:1");
  }

  @Test
  void pulling_the_same_reference_again_records_it_once() {
    pulled("busybox:latest", M1);
    pulled("busybox:latest", M1);
    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1);
  }

  @Test
  void a_pull_by_digest_gives_a_repo_digest_without_a_tag() {
    pulled("busybox@" + M1, M1);
    assertThat(images.get("busybox@" + M1).id()).isEqualTo(id);
    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1);
  }

  @Test
  void a_local_tag_gives_no_repo_digest_until_pushed() {
    pulled("busybox:latest", M1);
    images.tag("busybox", "localhost:5000/mine", Optional.of("v1"));
    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1);

    images.recordRepoDigest(ImageReference.parse("localhost:5000/mine:v1"), M2, id); // what a push does
    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1, "localhost:5000/mine@" + M2);
    assertThat(images.get("localhost:5000/mine@" + M2).id()).isEqualTo(id);
  }

  @Test
  void untagging_the_last_tag_of_a_repository_removes_its_digests_and_keeps_the_image() throws IOException {
    pulled("busybox:latest", M1);
    pulled("localhost:5000/team/bb:1", M2);

    var items = images.delete("localhost:5000/team/bb:1", false, false);

    assertThat(untagged(items)).containsExactly("localhost:5000/team/bb:1", "localhost:5000/team/bb@" + M2);
    assertThat(items).allMatch(i -> i.deleted().isEmpty());
    assertThat(images.repoDigests(id)).containsExactly("busybox@" + M1);
  }

  @Test
  void a_digest_of_another_repository_keeps_the_image_when_its_last_tag_goes() throws IOException {
    pulled("busybox:latest", M1);
    pulled("localhost:5000/team/bb@" + M2, M2);

    var items = images.delete("busybox:latest", false, false);

    assertThat(untagged(items)).containsExactly("busybox:latest", "busybox@" + M1);
    assertThat(images.find(id.toString())).isPresent();
    assertThat(images.repoDigests(id)).containsExactly("localhost:5000/team/bb@" + M2);
  }

  @Test
  void rmi_by_digest_reference_removes_only_it_while_a_tag_is_left() throws IOException {
    pulled("busybox:latest", M1);

    var items = images.delete("busybox@" + M1, false, false);

    assertThat(untagged(items)).containsExactly("busybox@" + M1);
    assertThat(images.get("busybox").repoTags()).containsExactly("busybox:latest");
    assertThat(images.repoDigests(id)).isEmpty();
  }

  @Test
  void deleting_the_image_untags_its_tags_and_digests() throws IOException {
    pulled("busybox:latest", M1);

    var items = images.delete("busybox:latest", false, false);

    assertThat(untagged(items)).containsExactly("busybox:latest", "busybox@" + M1);
    assertThat(items.getLast().deleted()).contains(id.toString());
    assertThat(images.find(id.toString())).isEmpty();
    assertThat(images.store().repoDigestsOf(id)).isEmpty();
  }
}
