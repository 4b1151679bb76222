package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxImageTest {
  @TempDir Path tmp;

  @Test
  void save_tar_is_byte_for_byte_deterministic() throws IOException {
    var image = new BusyboxImage();
    var a = image.dockerSaveTar(tmp.resolve("a.tar"), "busybox:latest");
    var b = image.dockerSaveTar(tmp.resolve("b.tar"), "busybox:latest");
    assertThat(a.imageId()).isEqualTo(b.imageId());
    assertThat(Files.readAllBytes(tmp.resolve("a.tar"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.tar")));
  }

  @Test
  void rootfs_has_busybox_applet_links_users_and_sticky_tmp() throws IOException {
    Map<String, TarArchiveEntry> entries = entries(new ByteArrayInputStream(new BusyboxImage().layerBytes())).entries;
    assertThat(entries.get("bin/busybox").getMode() & 0777).isEqualTo(0755);
    assertThat(entries.get("bin/sh").isSymbolicLink()).isTrue();
    assertThat(entries.get("bin/sh").getLinkName()).isEqualTo("busybox");
    assertThat(entries).containsKeys("bin/echo", "bin/true", "bin/sleep", "etc/group", "etc/hostname", "root/", "home/app/");
    assertThat(entries.get("tmp/").getMode() & 07777).isEqualTo(01777);
    assertThat(entries.get("home/app/").getLongUserId()).isEqualTo(1000);
    assertThat(entries.values()).allSatisfy(e -> assertThat(e.getModTime().toInstant()).isEqualTo(BusyboxImage.EPOCH));
  }

  @Test
  void passwd_has_root_nobody_and_app() throws IOException {
    var contents = entries(new ByteArrayInputStream(new BusyboxImage().layerBytes())).contents;
    assertThat(new String(contents.get("etc/passwd")))
        .contains("root:x:0:0:", "nobody:x:65534:65534:", "app:x:1000:1000:");
  }

  @Test
  void save_tar_has_legacy_and_oci_layout_that_agree() throws IOException {
    var built = new BusyboxImage().dockerSaveTar(tmp.resolve("s.tar"), "busybox:latest");
    Read tar;
    try (InputStream in = Files.newInputStream(tmp.resolve("s.tar"))) { tar = entries(in); }
    String cfgHex = built.imageId().hex();
    JsonNode manifest = Json.mapper().readTree(tar.contents.get("manifest.json")).get(0);
    assertThat(manifest.get("Config").asText()).isEqualTo(cfgHex + ".json");
    assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
    byte[] layer = tar.contents.get(manifest.get("Layers").get(0).asText());
    assertThat(Digest.sha256(layer)).isEqualTo(built.layerDiffId());

    JsonNode config = Json.mapper().readTree(tar.contents.get(cfgHex + ".json"));
    assertThat(Digest.sha256(tar.contents.get(cfgHex + ".json"))).isEqualTo(built.imageId());
    assertThat(config.at("/config/Cmd/0").asText()).isEqualTo("sh");
    assertThat(config.at("/config/Env/0").asText()).startsWith("PATH=");
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");
    assertThat(config.get("os").asText()).isEqualTo("linux");
    assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(built.layerDiffId().toString());
    assertThat(config.get("history")).hasSize(2);

    JsonNode index = Json.mapper().readTree(tar.contents.get("index.json"));
    String manifestDigest = index.at("/manifests/0/digest").asText();
    assertThat(index.at("/manifests/0/annotations").get("io.containerd.image.name").asText())
        .isEqualTo("docker.io/library/busybox:latest");
    byte[] ociManifest = tar.contents.get("blobs/sha256/" + Digest.parse(manifestDigest).hex());
    assertThat(Digest.sha256(ociManifest).toString()).isEqualTo(manifestDigest);
    JsonNode om = Json.mapper().readTree(ociManifest);
    assertThat(om.at("/config/digest").asText()).isEqualTo(built.imageId().toString());
    assertThat(tar.contents.get("blobs/sha256/" + built.layerDiffId().hex())).isEqualTo(layer);
    assertThat(tar.contents).containsKeys("oci-layout", "repositories");
  }

  @Test
  void repo_tag_parsing_handles_registry_ports_and_default_tag() {
    assertThat(BusyboxImage.RepoTag.parse("busybox").shortName()).isEqualTo("busybox:latest");
    assertThat(BusyboxImage.RepoTag.parse("localhost:5000/x/y").tag()).isEqualTo("latest");
    assertThat(BusyboxImage.RepoTag.parse("localhost:5000/x/y:1").fullName()).isEqualTo("localhost:5000/x/y:1");
    assertThat(BusyboxImage.RepoTag.parse("me/bb:2").fullName()).isEqualTo("docker.io/me/bb:2");
  }

  private record Read(Map<String, TarArchiveEntry> entries, Map<String, byte[]> contents) {}

  private static Read entries(InputStream in) throws IOException {
    var entries = new HashMap<String, TarArchiveEntry>();
    var contents = new HashMap<String, byte[]>();
    try (var tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.put(e.getName(), e);
        if (e.isFile()) contents.put(e.getName(), tar.readAllBytes());
      }
    }
    return new Read(entries, contents);
  }
}
