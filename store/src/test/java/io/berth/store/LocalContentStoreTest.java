package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
  @TempDir Path root;

  private static final byte[] HELLO = "hello, berth".getBytes(StandardCharsets.UTF_8);

  @Test
  void put_stores_blob_under_its_digest() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    Digest d = store.put(HELLO);
    assertThat(d).isEqualTo(Digest.sha256(HELLO));
    assertThat(store.exists(d)).isTrue();
    assertThat(store.size(d)).isEqualTo(HELLO.length);
    assertThat(store.path(d)).isEqualTo(root.resolve("blobs/sha256/" + d.hex()));
    try (InputStream in = store.open(d)) {
      assertThat(in.readAllBytes()).isEqualTo(HELLO);
    }
    assertThat(store.list()).containsExactly(d);
    assertThat(ingestEntries()).isEmpty();
  }

  @Test
  void put_without_expected_digest_computes_it() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    assertThat(store.put(new ByteArrayInputStream(HELLO), Optional.empty())).isEqualTo(Digest.sha256(HELLO));
  }

  @Test
  void digest_mismatch_fails_and_leaves_nothing() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    Digest wrong = Digest.sha256("something else".getBytes());
    assertThatThrownBy(() -> store.put(new ByteArrayInputStream(HELLO), Optional.of(wrong)))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("digest mismatch: expected " + wrong + ", got " + Digest.sha256(HELLO));
    assertThat(store.exists(wrong)).isFalse();
    assertThat(store.exists(Digest.sha256(HELLO))).isFalse();
    assertThat(store.list()).isEmpty();
    assertThat(ingestEntries()).isEmpty();
  }

  @Test
  void size_mismatch_fails_and_leaves_nothing() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    try (ContentStore.Ingest w = store.ingest("layer-1")) {
      w.stream().write(HELLO);
      assertThatThrownBy(() -> w.commit(Optional.of(Digest.sha256(HELLO)), HELLO.length + 1))
          .isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessageContaining("size mismatch");
    }
    assertThat(store.list()).isEmpty();
    assertThat(ingestEntries()).isEmpty();
  }

  @Test
  void missing_blob_is_not_found() {
    LocalContentStore store = new LocalContentStore(root);
    Digest d = Digest.sha256(HELLO);
    assertThat(store.exists(d)).isFalse();
    assertThatThrownBy(() -> store.open(d)).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("no such blob: " + d);
    assertThatThrownBy(() -> store.size(d)).isInstanceOf(BerthException.NotFound.class);
    assertThatThrownBy(() -> store.path(d)).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void ingest_resumes_partial_data_left_by_a_crash() throws IOException {
    // A crashed writer leaves ingest/<ref>/data behind; a new store (after restart) resumes it.
    Path dir = Files.createDirectories(root.resolve("ingest/layer-sha256-abc"));
    Files.write(dir.resolve("data"), "hello, ".getBytes(StandardCharsets.UTF_8));
    LocalContentStore store = new LocalContentStore(root);
    try (ContentStore.Ingest w = store.ingest("layer-sha256-abc")) {
      assertThat(w.offset()).isEqualTo(7);
      w.stream().write("berth".getBytes(StandardCharsets.UTF_8));
      assertThat(w.offset()).isEqualTo(HELLO.length);
      assertThat(w.commit(Optional.of(Digest.sha256(HELLO)), HELLO.length)).isEqualTo(Digest.sha256(HELLO));
    }
    assertThat(store.exists(Digest.sha256(HELLO))).isTrue();
    assertThat(ingestEntries()).isEmpty();
  }

  @Test
  void closing_an_ingest_without_commit_discards_it() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    try (ContentStore.Ingest w = store.ingest("abandoned")) {
      w.stream().write(HELLO);
    }
    assertThat(ingestEntries()).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void a_suspended_ingest_resumes_after_its_bytes_and_replays_them() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    byte[] blob = new byte[300_000];
    new java.util.Random(7).nextBytes(blob);
    try (ContentStore.Ingest w = store.ingest("pull-abc")) {
      w.stream().write(blob, 0, 180_000);
      w.suspend();
    }
    assertThat(store.ingests()).containsExactly("pull-abc");
    try (ContentStore.Ingest w = store.ingest("pull-abc")) {
      assertThat(w.offset()).isEqualTo(180_000);
      try (InputStream replay = w.written()) {
        assertThat(replay.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(blob, 180_000));
      }
      w.stream().write(blob, 180_000, blob.length - 180_000);
      assertThat(w.commit(Optional.of(Digest.sha256(blob)), blob.length)).isEqualTo(Digest.sha256(blob));
    }
    assertThat(store.ingests()).isEmpty();
    assertThat(Files.readAllBytes(store.path(Digest.sha256(blob)))).isEqualTo(blob);
  }

  @Test
  void one_ref_has_one_writer() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    try (ContentStore.Ingest w = store.ingest("busy")) {
      assertThatThrownBy(() -> store.ingest("busy")).isInstanceOf(BerthException.Conflict.class);
      w.stream().write(HELLO);
      w.commit(Optional.empty(), -1);
    }
    try (ContentStore.Ingest again = store.ingest("busy")) {
      assertThat(again.offset()).isZero();
    }
  }

  @Test
  void bad_refs_are_rejected() {
    LocalContentStore store = new LocalContentStore(root);
    for (String ref : List.of("", "..", ".hidden", "a/b", "x".repeat(201))) {
      assertThatThrownBy(() -> store.ingest(ref)).as(ref).isInstanceOf(BerthException.InvalidArgument.class);
    }
  }

  @Test
  void concurrent_puts_of_the_same_blob_all_succeed() throws Exception {
    LocalContentStore store = new LocalContentStore(root);
    byte[] blob = new byte[1 << 20];
    new java.util.Random(42).nextBytes(blob);
    Digest expected = Digest.sha256(blob);
    List<Future<Digest>> results = new ArrayList<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        results.add(ex.submit(() -> store.put(new ByteArrayInputStream(blob), Optional.of(expected))));
      }
    }
    for (Future<Digest> f : results) assertThat(f.get()).isEqualTo(expected);
    assertThat(Files.readAllBytes(store.path(expected))).isEqualTo(blob);
    assertThat(store.list()).containsExactly(expected);
    assertThat(ingestEntries()).isEmpty();
  }

  @Test
  void delete_removes_blob_and_ignores_absent_ones() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    Digest d = store.put(HELLO);
    store.delete(d);
    store.delete(d);
    assertThat(store.exists(d)).isFalse();
  }

  @Test
  void stale_put_ingests_are_removed_at_open_but_named_ones_are_kept() throws IOException {
    Files.createDirectories(root.resolve("ingest/put-1234"));
    Files.write(root.resolve("ingest/put-1234/data"), HELLO);
    Files.createDirectories(root.resolve("ingest/pull-layer"));
    Files.write(root.resolve("ingest/pull-layer/data"), HELLO);
    LocalContentStore store = new LocalContentStore(root);
    assertThat(store.ingests()).containsExactly("pull-layer");
    store.abort("pull-layer");
    assertThat(store.ingests()).isEmpty();
  }

  @Test
  void sha512_expected_digest_is_verified() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    Digest sha512 = new Digest("sha512", java.util.HexFormat.of().formatHex(sha512(HELLO)));
    assertThat(store.put(new ByteArrayInputStream(HELLO), Optional.of(sha512))).isEqualTo(sha512);
    assertThat(store.exists(sha512)).isTrue();
  }

  private static byte[] sha512(byte[] data) {
    try { return java.security.MessageDigest.getInstance("SHA-512").digest(data); }
    catch (java.security.NoSuchAlgorithmException e) { throw new AssertionError(e); }
  }

  private List<Path> ingestEntries() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("ingest"))) {
      return s.toList();
    }
  }

  @Test
  void ingests_older_than_the_cutoff_are_removed_open_and_recent_ones_stay() throws IOException {
    LocalContentStore store = new LocalContentStore(root);
    java.time.Instant now = java.time.Instant.parse("2025-06-01T12:00:00Z");
    try (ContentStore.Ingest old = store.ingest("pull-old")) {
      old.stream().write(HELLO);
      old.suspend();
    }
    try (ContentStore.Ingest recent = store.ingest("pull-recent")) {
      recent.stream().write(HELLO);
      recent.suspend();
    }
    java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofHours(25)));
    java.nio.file.Files.setLastModifiedTime(root.resolve("ingest/pull-old/data"), longAgo);
    java.nio.file.Files.setLastModifiedTime(root.resolve("ingest/pull-recent/data"),
        java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofHours(1))));
    try (ContentStore.Ingest busy = store.ingest("pull-busy")) {
      busy.stream().write(HELLO);
      java.nio.file.Files.setLastModifiedTime(root.resolve("ingest/pull-busy/data"), longAgo);

      var removed = store.removeIngestsOlderThan(now.minus(java.time.Duration.ofHours(24)));

      assertThat(removed).containsExactly(new LocalContentStore.RemovedIngest("pull-old", HELLO.length));
      assertThat(store.ingests()).containsExactly("pull-busy", "pull-recent");
    }
    try (ContentStore.Ingest resumed = store.ingest("pull-recent")) {
      assertThat(resumed.offset()).isEqualTo(HELLO.length);
      resumed.suspend();
    }
  }
}
