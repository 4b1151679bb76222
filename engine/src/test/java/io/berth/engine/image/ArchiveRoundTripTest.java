package io.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker load / docker save archive layouts against a real store on a temp dir (no daemon). */
class ArchiveRoundTripTest {
  @TempDir Path root;
  private final List<MetadataStore> dbs = new ArrayList<>();
  private Store store;

  /** One daemon's image store: content, snapshots, metadata. */
  private record Store(Path root, ImageService images, LocalContentStore content, OverlaySnapshotter snapshots) {
    ArchiveLoader loader() { return new ArchiveLoader(images, root.resolve("tmp")); }

    Set<String> state() throws IOException {
      Set<String> s = new TreeSet<>();
      for (Image i : images.list()) s.add(i.id() + " " + i.repoTags());
      for (var info : snapshots.list()) s.add("snapshot " + info.key());
      for (Digest d : content.list()) s.add("blob " + d);
      try (Stream<Path> dirs = Files.list(root.resolve("snapshots"))) {
        dirs.forEach(p -> s.add("dir " + p.getFileName()));
      }
      return s;
    }
  }

  private Store open(String name) {
    Path r = root.resolve(name);
    MetadataStore db = MetadataStore.open(r.resolve("berth.db"));
    dbs.add(db);
    var content = new LocalContentStore(r.resolve("content"));
    var snapshots = new OverlaySnapshotter(r, db);
    var images = new ImageService(new ImageStore(db), new LayerStore(db, content, snapshots), content, id -> List.of());
    return new Store(r, images, content, snapshots);
  }

  @BeforeEach
  void openStore() {
    store = open("a");
  }

  @AfterEach
  void close() {
    dbs.forEach(MetadataStore::close);
  }

  // two images on one base: base (random, 2 MiB, gzip) + one small layer each
  private final byte[] base = TestArchive.layer("base.bin", 2 << 20, 1);
  private final byte[] baseGz = TestArchive.gzip(base);
  private final byte[] top1 = TestArchive.layer("one.txt", "one");
  private final byte[] top2 = TestArchive.layer("two.txt", "two");
  private final byte[] config1 = TestArchive.config("one", List.of(base, top1));
  private final byte[] config2 = TestArchive.config("two", List.of(base, top2));

  /** docker ≤ 24's layout: {@code <id>/layer.tar}, the shared base a symlink, {@code <hex>.json} configs. */
  private byte[] legacyArchive() {
    var a = new TestArchive()
        .file("aaaa/layer.tar", baseGz).file("aaaa/json", "{}").file("aaaa/VERSION", "1.0")
        .file("bbbb/layer.tar", top1)
        .file("cccc/layer.tar", top2)
        .symlink("dddd/layer.tar", "../aaaa/layer.tar")
        .file(Digest.sha256(config1).hex() + ".json", config1)
        .file(Digest.sha256(config2).hex() + ".json", config2);
    a.file("manifest.json", "[{\"Config\":\"" + Digest.sha256(config1).hex() + ".json\",\"RepoTags\":[\"one:1\",\"one:latest\"],"
        + "\"Layers\":[\"aaaa/layer.tar\",\"bbbb/layer.tar\"]},"
        + "{\"Config\":\"" + Digest.sha256(config2).hex() + ".json\",\"RepoTags\":[\"example.com/two:2\"],"
        + "\"Layers\":[\"dddd/layer.tar\",\"cccc/layer.tar\"]}]");
    return a.bytes();
  }

  @Test
  void legacy_docker_archive_loads_every_image_and_tag_and_shares_the_base() throws IOException {
    var loaded = store.loader().load(new ByteArrayInputStream(legacyArchive()));

    assertThat(loaded).extracting(l -> l.image().id()).containsExactly(Digest.sha256(config1), Digest.sha256(config2));
    assertThat(loaded.get(0).tags()).containsExactly("docker.io/library/one:1", "docker.io/library/one:latest");
    assertThat(loaded.get(1).tags()).containsExactly("example.com/two:2");
    assertThat(store.snapshots().list()).hasSize(3); // base once, two tops
    assertThat(store.snapshots().list()).allMatch(i -> i.kind() == io.berth.engine.snapshot.Snapshotter.Kind.COMMITTED);
    Image one = store.images().get("one:1");
    Path top = store.snapshots().dir(one.chainIds().getLast().toString());
    assertThat(top.resolve("one.txt")).hasContent("one");
    assertThat(store.snapshots().stat(one.chainIds().getLast().toString()).orElseThrow().parent())
        .contains(one.chainIds().getFirst().toString());
  }

  @Test
  void loading_the_same_archive_again_changes_nothing() throws IOException {
    store.loader().load(new ByteArrayInputStream(legacyArchive()));
    Set<String> before = store.state();
    store.loader().load(new ByteArrayInputStream(legacyArchive()));
    assertThat(store.state()).isEqualTo(before);
  }

  @Test
  void save_writes_docker_and_oci_layouts_with_shared_layers_once_and_loads_elsewhere_identically() throws IOException {
    store.loader().load(new ByteArrayInputStream(legacyArchive()));
    var saver = new ArchiveSaver(store.images());
    var out = new ByteArrayOutputStream();
    saver.write(saver.select(List.of("one:1", "one:latest", "example.com/two:2")), out);
    Map<String, byte[]> files = untar(out.toByteArray());

    assertThat(files).containsKeys("manifest.json", "repositories", "index.json", "oci-layout");
    assertThat(Json.mapper().readTree(files.get("oci-layout")).get("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    // the base blob once, byte for byte what was loaded
    assertThat(files.get(TestArchive.blobPath(baseGz))).isEqualTo(baseGz);
    JsonNode manifest = Json.mapper().readTree(files.get("manifest.json"));
    assertThat(manifest).hasSize(2);
    assertThat(manifest.get(0).get("Config").asText()).isEqualTo(TestArchive.blobPath(config1));
    assertThat(manifest.get(0).get("RepoTags")).extracting(JsonNode::asText).containsExactly("one:1", "one:latest");
    assertThat(manifest.get(0).get("Layers").get(0).asText()).isEqualTo(TestArchive.blobPath(baseGz));
    for (JsonNode m : manifest) for (JsonNode l : m.get("Layers")) assertThat(files).containsKey(l.asText());
    JsonNode repos = Json.mapper().readTree(files.get("repositories"));
    assertThat(repos.get("one").get("latest").asText()).isEqualTo(Digest.sha256(top1).hex());
    assertThat(repos.get("example.com/two").get("2").asText()).isEqualTo(Digest.sha256(top2).hex());

    JsonNode index = Json.mapper().readTree(files.get("index.json"));
    assertThat(index.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.get("manifests")).hasSize(3);
    JsonNode first = index.get("manifests").get(0);
    assertThat(first.at("/annotations/io.containerd.image.name").asText()).isEqualTo("docker.io/library/one:1");
    assertThat(first.at("/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo("1");
    assertThat(first.at("/platform/os").asText()).isEqualTo("linux");
    JsonNode ociManifest = Json.mapper().readTree(files.get("blobs/sha256/" + first.get("digest").asText().substring(7)));
    assertThat(ociManifest.at("/config/digest").asText()).isEqualTo(Digest.sha256(config1).toString());
    assertThat(ociManifest.at("/layers/0/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat(ociManifest.at("/layers/1/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
    for (var e : files.entrySet()) {
      if (e.getKey().startsWith("blobs/sha256/")) {
        assertThat(Digest.sha256(e.getValue()).hex()).as(e.getKey()).isEqualTo(e.getKey().substring(13));
      }
    }

    Store other = open("b");
    var loaded = other.loader().load(new ByteArrayInputStream(out.toByteArray()));
    assertThat(loaded).hasSize(2);
    assertThat(other.images().get("one:1").id()).isEqualTo(store.images().get("one:1").id());
    assertThat(other.images().get("one:latest").id()).isEqualTo(Digest.sha256(config1));
    assertThat(other.images().get("example.com/two:2").id()).isEqualTo(Digest.sha256(config2));
    assertThat(other.snapshots().list()).hasSize(3);
  }

  @Test
  void oci_archive_without_manifest_json_loads_from_index_json() throws IOException {
    store.loader().load(new ByteArrayInputStream(legacyArchive()));
    var saver = new ArchiveSaver(store.images());
    var out = new ByteArrayOutputStream();
    saver.write(saver.select(List.of("one:1")), out);
    Map<String, byte[]> files = untar(out.toByteArray());
    files.remove("manifest.json");
    files.remove("repositories");
    var oci = new TestArchive();
    files.forEach(oci::file);

    Store other = open("b");
    var loaded = other.loader().load(new ByteArrayInputStream(oci.bytes()));
    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.image().id()).isEqualTo(Digest.sha256(config1));
      assertThat(l.tags()).containsExactly("docker.io/library/one:1");
    });
  }

  @Test
  void nested_index_loads_this_hosts_platform_and_a_bare_ref_name_loads_untagged() throws IOException {
    byte[] armConfig = TestArchive.config("arm", List.of(top2));
    var a = new TestArchive();
    String amdLayer = a.blob(top1);
    a.blob(top2);
    a.blob(config1Only());
    a.blob(armConfig);
    byte[] amdManifest = manifest(config1Only(), List.of(top1));
    byte[] armManifest = manifest(armConfig, List.of(top2));
    a.blob(amdManifest);
    a.blob(armManifest);
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : System.getProperty("os.arch");
    byte[] nested = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + desc(armManifest, "\"platform\":{\"os\":\"linux\",\"architecture\":\"" + (arch.equals("arm64") ? "s390x" : "arm64") + "\"}") + ","
        + desc(amdManifest, "\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}") + "]}")
        .getBytes(StandardCharsets.UTF_8);
    a.blob(nested);
    a.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    a.file("index.json", "{\"schemaVersion\":2,\"manifests\":["
        + desc(nested, "\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi:1\"}") + ","
        + desc(amdManifest, "\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}") + "]}");
    assertThat(amdLayer).startsWith("blobs/sha256/");

    var loaded = store.loader().load(new ByteArrayInputStream(a.bytes()));
    assertThat(loaded).hasSize(2);
    assertThat(loaded.get(0).tags()).containsExactly("docker.io/library/multi:1");
    assertThat(loaded.get(0).image().id()).isEqualTo(Digest.sha256(config1Only()));
    assertThat(loaded.get(1).tags()).isEmpty();
    assertThat(store.snapshots().list()).hasSize(1); // the arm layer was neither needed nor kept
  }

  private byte[] config1Only() {
    return TestArchive.config("amd", List.of(top1));
  }

  private static byte[] manifest(byte[] config, List<byte[]> layers) {
    List<String> ls = new ArrayList<>();
    for (byte[] l : layers) ls.add(desc(l, "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\""));
    return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
        + desc(config, "\"mediaType\":\"application/vnd.oci.image.config.v1+json\"") + ",\"layers\":["
        + String.join(",", ls) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private static String desc(byte[] data, String extra) {
    return "{" + extra + ",\"digest\":\"" + Digest.sha256(data) + "\",\"size\":" + data.length + "}";
  }

  // ---- bad archives: a clear error, and the store exactly as before ---------------------------

  private void assertRefusedWithoutChange(byte[] archive, String message) throws IOException {
    store.loader().load(new ByteArrayInputStream(oneImage())); // the store is not empty before
    Set<String> before = store.state();
    assertThatThrownBy(() -> store.loader().load(new ByteArrayInputStream(archive)))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining(message);
    assertThat(store.state()).isEqualTo(before);
  }

  private byte[] oneImage() {
    byte[] cfg = TestArchive.config("present", List.of(top2));
    return new TestArchive().file("l.tar", top2).file("c.json", cfg)
        .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"present:1\"],\"Layers\":[\"l.tar\"]}]").bytes();
  }

  @Test
  void a_manifest_naming_a_missing_layer_is_refused_and_nothing_changes() throws IOException {
    byte[] archive = new TestArchive().file("base.tar", baseGz).file("c.json", config1)
        .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"one:1\"],\"Layers\":[\"base.tar\",\"gone.tar\"]}]")
        .bytes();
    assertRefusedWithoutChange(archive, "missing layer gone.tar");
  }

  @Test
  void a_large_blob_that_does_not_match_its_digest_is_refused_and_nothing_changes() throws IOException {
    var a = new TestArchive();
    a.file(TestArchive.blobPath(baseGz), TestArchive.gzip(TestArchive.layer("base.bin", 2 << 20, 2)));
    a.file("c.json", TestArchive.config("x", List.of(base)));
    a.file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"" + TestArchive.blobPath(baseGz) + "\"]}]");
    assertRefusedWithoutChange(a.bytes(), "does not match its digest");
  }

  @Test
  void a_small_layer_that_does_not_match_its_digest_is_refused_and_nothing_changes() throws IOException {
    var a = new TestArchive();
    a.file(TestArchive.blobPath(top1), top2);
    a.file("c.json", TestArchive.config("x", List.of(top1)));
    a.file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"" + TestArchive.blobPath(top1) + "\"]}]");
    assertRefusedWithoutChange(a.bytes(), "does not match its digest");
  }

  @Test
  void a_layer_whose_diff_id_differs_from_the_config_is_refused_after_unpacking_and_nothing_changes() throws IOException {
    byte[] lying = TestArchive.config("liar", List.of(base, top2)); // says top2, archive has top1
    byte[] archive = new TestArchive().file("base.tar", baseGz).file("top.tar", top1).file("c.json", lying)
        .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"liar:1\"],\"Layers\":[\"base.tar\",\"top.tar\"]}]")
        .bytes();
    assertRefusedWithoutChange(archive, "has diff ID");
  }

  @Test
  void a_truncated_archive_is_refused_and_nothing_changes() throws IOException {
    byte[] whole = legacyArchive();
    assertRefusedWithoutChange(java.util.Arrays.copyOf(whole, whole.length / 2), "invalid archive");
  }

  @Test
  void a_second_bad_image_undoes_the_first_good_one() throws IOException {
    byte[] archive = new TestArchive().file("base.tar", baseGz).file("top.tar", top1).file("c1.json", config1)
        .file("c2.json", config2)
        .file("manifest.json", "[{\"Config\":\"c1.json\",\"RepoTags\":[\"one:1\"],\"Layers\":[\"base.tar\",\"top.tar\"]},"
            + "{\"Config\":\"c2.json\",\"RepoTags\":[\"two:1\"],\"Layers\":[\"base.tar\",\"missing.tar\"]}]")
        .bytes();
    assertRefusedWithoutChange(archive, "missing layer missing.tar");
  }

  private static Map<String, byte[]> untar(byte[] tar) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.isDirectory()) continue;
        assertThat(out).as("entry written twice: " + e.getName()).doesNotContainKey(e.getName());
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }
}
