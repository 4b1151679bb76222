package io.berth.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Golden documents in src/test/resources/images, shaped like what registries and docker serve. */
class ImageDocumentsTest {

  static byte[] golden(String name) throws IOException {
    try (InputStream in = ImageDocumentsTest.class.getResourceAsStream("/images/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void docker_manifest_reads_config_and_layers() throws IOException {
    Manifest m = Json.read(golden("docker-manifest-v2.json"), Manifest.class);
    assertThat(m.schemaVersion()).isEqualTo(2);
    assertThat(m.mediaType()).contains(MediaTypes.DOCKER_MANIFEST);
    assertThat(MediaTypes.isManifest(m.mediaType().orElseThrow())).isTrue();
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(m.config().size()).isEqualTo(1457);
    assertThat(m.config().digest().hex()).startsWith("a416a98b");
    assertThat(m.layers()).hasSize(2);
    Descriptor foreign = m.layers().get(1);
    assertThat(MediaTypes.isForeign(foreign.mediaType())).isTrue();
    assertThat(foreign.urls()).containsExactly("https://mcr.example.com/layer");
    assertThat(m.layers().get(0).urls()).isEmpty();
    assertThat(m.subject()).isEmpty();
    assertThat(m.annotations()).isEmpty();
  }

  @Test
  void oci_manifest_reads_subject_annotations_and_compressions() throws IOException {
    Manifest m = Json.read(golden("oci-manifest.json"), Manifest.class);
    assertThat(m.layers()).extracting(d -> MediaTypes.compression(d.mediaType()))
        .containsExactly(MediaTypes.Compression.GZIP, MediaTypes.Compression.ZSTD, MediaTypes.Compression.NONE);
    assertThat(m.subject()).get().extracting(Descriptor::size).isEqualTo(7682L);
    assertThat(m.annotations()).containsEntry("com.example.key1", "value1");
    assertThat(reserialised(golden("oci-manifest.json"), Manifest.class)).isEqualTo(tree(golden("oci-manifest.json")));
  }

  @Test
  void manifest_list_reads_platforms() throws IOException {
    ImageIndex idx = Json.read(golden("docker-manifest-list.json"), ImageIndex.class);
    assertThat(MediaTypes.isIndex(idx.mediaType().orElseThrow())).isTrue();
    assertThat(idx.manifests()).extracting(d -> d.platform().orElseThrow().format())
        .containsExactly("linux/amd64", "linux/arm64/v8", "windows/amd64");
    Platform win = idx.manifests().get(2).platform().orElseThrow();
    assertThat(win.osVersion()).contains("10.0.17763.5329");
    assertThat(win.osFeatures()).containsExactly("win32k");
    assertThat(reserialised(golden("docker-manifest-list.json"), ImageIndex.class))
        .isEqualTo(tree(golden("docker-manifest-list.json")));
  }

  @Test
  void oci_index_reads_annotations() throws IOException {
    ImageIndex idx = Json.read(golden("oci-index.json"), ImageIndex.class);
    assertThat(idx.manifests()).hasSize(3);
    assertThat(idx.manifests().get(1).annotations()).containsEntry(ImageIndex.REF_NAME_ANNOTATION, "v1");
    assertThat(idx.annotations()).containsEntry("com.example.key1", "value1");
    assertThat(reserialised(golden("oci-index.json"), ImageIndex.class)).isEqualTo(tree(golden("oci-index.json")));
  }

  @Test
  void docker_image_config_reads_docker_fields() throws IOException {
    ImageConfig c = Json.read(golden("docker-image-config.json"), ImageConfig.class);
    assertThat(c.architecture()).isEqualTo("amd64");
    assertThat(c.os()).isEqualTo("linux");
    assertThat(c.platform().format()).isEqualTo("linux/amd64");
    assertThat(c.createdAt()).contains(Instant.parse("2023-05-19T20:19:21.946862741Z"));
    assertThat(c.config().cmd()).contains(List.of("sh"));
    assertThat(c.config().entrypoint()).isEmpty();
    assertThat(c.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    assertThat(c.config().labels()).isEmpty();
    assertThat(c.config().volumes()).isEmpty();
    assertThat(c.config().user()).contains("");
    assertThat(c.config().extra()).containsKeys("Hostname", "Tty", "Image");
    assertThat(c.extra()).containsKeys("container", "container_config", "docker_version");
    assertThat(c.diffIds()).containsExactly(
        Digest.parse("sha256:9547b4c33213e630a0ca602a989ecc094e042146ae8afa502e1e65af6473db03"));
    assertThat(c.history()).hasSize(2);
    assertThat(c.history().get(1).emptyLayer()).isTrue();
    assertThat(c.history().get(0).emptyLayer()).isFalse();
    assertThat(c.history().get(0).createdBy().orElseThrow()).contains("ADD file:");
  }

  @Test
  void oci_image_config_reads_every_modelled_field() throws IOException {
    ImageConfig c = Json.read(golden("oci-image-config.json"), ImageConfig.class);
    assertThat(c.author()).contains("Alyssa P. Hacker <alyspdev@example.com>");
    assertThat(c.variant()).contains("v8");
    assertThat(c.osFeatures()).containsExactly("example");
    ContainerConfig cc = c.config();
    assertThat(cc.user()).contains("alice");
    assertThat(cc.exposedPorts()).containsExactly("8080/tcp", "53/udp");
    assertThat(cc.volumes()).containsExactly("/var/job-result-data", "/var/log/my-app-logs");
    assertThat(cc.entrypoint()).contains(List.of("/bin/my-app-binary"));
    assertThat(cc.cmd()).contains(List.of()); // present but empty: not the same as absent
    assertThat(cc.workingDir()).contains("/home/alice");
    assertThat(cc.labels()).containsEntry("com.example.project.git.commit", "45a939b2999782a3f005621a8d0f29aa387e1d6b");
    assertThat(cc.stopSignal()).contains("SIGTERM");
    assertThat(cc.shell()).contains(List.of("/bin/bash", "-c"));
    assertThat(cc.onBuild()).containsExactly("RUN echo child");
    assertThat(cc.argsEscaped()).contains(true);
    assertThat(cc.healthcheck().orElseThrow().get("Retries").asInt()).isEqualTo(3);
    assertThat(cc.extra()).containsKey("MacAddress");
    assertThat(c.history().get(2).author()).contains("alice");
    assertThat(c.history().get(2).comment()).contains("buildkit.dockerfile.v0");
  }

  @Test
  void image_config_round_trip_keeps_unknown_fields() throws IOException {
    for (String name : List.of("oci-image-config.json", "docker-image-config.json")) {
      JsonNode original = withoutNulls(tree(golden(name)));
      JsonNode written = withoutNulls(reserialised(golden(name), ImageConfig.class));
      assertThat(written).as(name).isEqualTo(original);
      // A second trip is a fixed point.
      byte[] once = Json.bytes(Json.read(golden(name), ImageConfig.class));
      assertThat(Json.bytes(Json.read(once, ImageConfig.class))).isEqualTo(once);
    }
  }

  @Test
  void new_config_is_written_with_spec_field_names() {
    ContainerConfig cc = ContainerConfig.builder().env(List.of("A=1")).cmd(Optional.of(List.of("sh")))
        .exposedPort("80/tcp").volume("/data").label("k", "v").workingDir("/w").build();
    Digest diff = Digest.sha256(new byte[0]);
    ImageConfig c = ImageConfig.of(Platform.parse("linux/arm64/v8"), Instant.parse("2024-01-02T03:04:05Z"), cc,
        RootFs.of(List.of()), List.of()).withLayer(diff, History.of("2024-01-02T03:04:05Z", "import", false));
    JsonNode json = tree(Json.bytes(c));
    assertThat(json.get("created").asText()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(json.get("architecture").asText()).isEqualTo("arm64");
    assertThat(json.get("variant").asText()).isEqualTo("v8");
    assertThat(json.has("author")).isFalse();
    assertThat(json.get("rootfs").get("type").asText()).isEqualTo("layers");
    assertThat(json.get("rootfs").get("diff_ids").get(0).asText()).isEqualTo(diff.toString());
    assertThat(json.get("history").get(0).get("created_by").asText()).isEqualTo("import");
    assertThat(json.get("history").get(0).has("empty_layer")).isFalse();
    JsonNode config = json.get("config");
    assertThat(config.get("ExposedPorts").get("80/tcp").isObject()).isTrue();
    assertThat(config.get("Volumes").get("/data").size()).isZero();
    assertThat(config.get("Env").get(0).asText()).isEqualTo("A=1");
    assertThat(config.get("Cmd").get(0).asText()).isEqualTo("sh");
    assertThat(config.has("Entrypoint")).isFalse();
    assertThat(config.get("Labels").get("k").asText()).isEqualTo("v");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/w");
    assertThat(c.config().toBuilder().build()).isEqualTo(cc);
  }

  @Test
  void save_manifest_uses_capitalised_keys() throws IOException {
    List<SaveManifestEntry> entries = Json.mapper().readValue(golden("docker-save-manifest.json"),
        new TypeReference<List<SaveManifestEntry>>() {});
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).repoTags()).containsExactly("busybox:latest", "localhost:5000/busybox:1");
    assertThat(entries.get(0).layerSources()).hasSize(1);
    assertThat(entries.get(1).repoTags()).isEmpty();
    assertThat(entries.get(1).layers()).containsExactly("3b1f1a2c/layer.tar");
    JsonNode written = tree(Json.bytes(new SaveManifestEntry("c.json", List.of("a:1"), List.of("l.tar"))));
    assertThat(written.fieldNames()).toIterable().containsExactly("Config", "RepoTags", "Layers");
  }

  @Test
  void oci_layout_marker() throws IOException {
    assertThat(Json.read(golden("oci-layout"), OciLayout.class)).isEqualTo(OciLayout.current());
    assertThat(Json.string(OciLayout.current())).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  @Test
  void descriptor_is_written_with_digest_as_string_and_without_empty_fields() {
    Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("x".getBytes()), 1);
    assertThat(Json.string(d)).isEqualTo("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + Digest.sha256("x".getBytes()) + "\",\"size\":1}");
    assertThat(Json.read(Json.bytes(d), Descriptor.class)).isEqualTo(d);
  }

  @Test
  void malformed_documents_are_invalid_arguments() {
    assertThatThrownBy(() -> Json.read("{\"schemaVersion\":2,\"layers\":[]}".getBytes(), Manifest.class))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> Json.read(("{\"mediaType\":\"x\",\"digest\":\"sha256:zz\",\"size\":1}").getBytes(),
        Descriptor.class)).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> Json.read(("{\"mediaType\":\"x\",\"digest\":\"" + Digest.sha256(new byte[0])
        + "\",\"size\":-1}").getBytes(), Descriptor.class)).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void platform_parse_and_format() {
    assertThat(Platform.parse("linux").format()).isEqualTo("linux/amd64");
    assertThat(Platform.parse("linux/x86_64").format()).isEqualTo("linux/amd64");
    assertThat(Platform.parse("Linux/aarch64/v8").format()).isEqualTo("linux/arm64/v8");
    assertThatThrownBy(() -> Platform.parse("linux//v8")).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> Platform.parse("a/b/c/d")).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void media_type_predicates() {
    assertThat(MediaTypes.isLayer(MediaTypes.DOCKER_LAYER_GZIP)).isTrue();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_CONFIG)).isFalse();
    assertThat(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
    assertThat(MediaTypes.compression(MediaTypes.DOCKER_LAYER_GZIP)).isEqualTo(MediaTypes.Compression.GZIP);
    assertThat(MediaTypes.compression(MediaTypes.DOCKER_LAYER_ZSTD)).isEqualTo(MediaTypes.Compression.ZSTD);
    assertThat(MediaTypes.compression(MediaTypes.DOCKER_LAYER)).isEqualTo(MediaTypes.Compression.NONE);
  }

  static JsonNode tree(byte[] json) {
    try { return Json.mapper().readTree(json); }
    catch (IOException e) { throw new AssertionError(e); }
  }

  static <T> JsonNode reserialised(byte[] json, Class<T> type) {
    return tree(Json.bytes(Json.read(json, type)));
  }

  /** Docker writes absent Go slices and maps as null; we leave them out. Same meaning. */
  static JsonNode withoutNulls(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNull()) it.remove();
        else strip(e.getValue());
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(ImageDocumentsTest::strip);
    }
  }
}
