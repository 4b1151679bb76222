package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testkit.Cli;
import io.berth.testkit.Pty;
import io.berth.testkit.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * export/import, save/load of several images and tags, and the archives other tools (skopeo, umoci)
 * read and write, through the berth and docker CLIs against a real berthd. Bad archives: a clear
 * error, and images, snapshots and blobs as before.
 */
class ArchivesIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void docker_save_of_several_tags_loads_into_a_fresh_daemon_with_the_same_ids_and_tags() throws IOException {
    ok(berth.berth("tag", "busybox:latest", "busybox:v2"));
    ok(berth.berth("tag", "busybox:latest", "example.com/team/bb:1"));
    String exported = exportedImage("saved-second:1");
    Path tar = berth.work().resolve("several.tar");
    try {
      ok(berth.docker("save", "-o", tar.toString(), "busybox:latest", "busybox:v2", "example.com/team/bb:1",
          "saved-second:1"));
      Map<String, byte[]> files = untar(tar);
      assertThat(files).containsKeys("manifest.json", "index.json", "oci-layout", "repositories");
      assertThat(JSON.readTree(files.get("index.json")).get("manifests")).hasSize(4);

      try (TestDaemon fresh = TestDaemon.start()) {
        var load = fresh.cli().berth("load", "-i", tar.toString());
        ok(load);
        assertThat(load.stdout()).contains("Loaded image: busybox:latest\n", "Loaded image: busybox:v2\n",
            "Loaded image: example.com/team/bb:1\n", "Loaded image: saved-second:1\n");
        assertThat(images(fresh)).isEqualTo(Set.of(
            berth.busyboxId() + " [busybox:latest, busybox:v2, example.com/team/bb:1]",
            exported + " [saved-second:1]"));
        var run = fresh.cli().docker("run", "--rm", "saved-second:1", "cat", "/from-export");
        ok(run);
        assertThat(run.stdout()).isEqualTo("exported\n");
      }
    } finally {
      berth.berth("rmi", "busybox:v2", "example.com/team/bb:1", "saved-second:1");
    }
  }

  @Test
  void export_then_import_with_change_and_message_makes_a_runnable_image() throws IOException {
    String id = exportedImage("from-export:1");
    try {
      JsonNode img = berth.api().get("/images/from-export:1/json").json();
      assertThat(img.get("Id").asText()).isEqualTo(id);
      assertThat(img.get("Comment").asText()).isEqualTo("exported by a test");
      assertThat(img.at("/Config/Env/0").asText()).isEqualTo("FROM_EXPORT=1");
      var run = berth.berth("run", "--rm", "from-export:1", "sh", "-c", "cat /from-export; echo $FROM_EXPORT; ls /bin/vi");
      assertThat(run.stdout()).startsWith("exported\n1\n");
      assertThat(run.stderr()).contains("/bin/vi"); // deleted in the container, so not in its export
    } finally {
      berth.berth("rmi", "from-export:1");
    }
  }

  @Test
  void export_of_a_running_container_has_its_layers_not_its_mounts() throws IOException {
    Path vol = Files.createDirectories(berth.work().resolve("vol"));
    Files.writeString(vol.resolve("host-file"), "host");
    String id = berth.berth("run", "-d", "-v", vol + ":/vol", "busybox", "sh", "-c", "echo live > /live; sleep 300").out();
    try {
      waitFor(() -> berth.berth("exec", id, "cat", "/live").stdout().equals("live\n"));
      Path tar = berth.work().resolve("running.tar");
      ok(berth.docker("export", "-o", tar.toString(), id));
      Map<String, byte[]> files = untar(tar);
      assertThat(new String(files.get("live"), StandardCharsets.UTF_8)).isEqualTo("live\n");
      assertThat(files).containsKey("bin/busybox").doesNotContainKey("vol/host-file");
      assertThat(files.keySet()).noneMatch(n -> n.startsWith("proc/") && n.length() > 5 || n.startsWith("/"));
    } finally {
      berth.berth("rm", "-f", id);
    }
  }

  @Test
  void export_refuses_to_write_to_a_terminal() {
    try (Pty pty = berth.cli().berthOnPty(24, 80, "export", "whatever")) {
      assertThat(pty.awaitExit(Duration.ofSeconds(30))).isNotZero();
      assertThat(pty.output()).contains("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
  }

  @Test
  void skopeo_and_umoci_read_our_save_as_docker_and_oci_archives() throws IOException {
    Path tar = berth.work().resolve("for-skopeo.tar");
    ok(berth.berth("save", "-o", tar.toString(), "busybox:latest"));
    Path dir = berth.work().resolve("oci-from-docker-archive");
    ok(berth.cli().shell("skopeo copy docker-archive:" + tar + ":busybox:latest oci:" + dir + ":bb"));
    ok(berth.cli().shell("skopeo copy oci-archive:" + tar + ":latest oci:" + dir + ":from-oci"));
    Path bundle = berth.work().resolve("umoci-bundle");
    ok(berth.cli().shell("umoci unpack --image " + dir + ":from-oci " + bundle));
    assertThat(bundle.resolve("rootfs/bin/busybox")).isRegularFile();
    var inspect = berth.cli().shell("skopeo inspect --config oci:" + dir + ":bb");
    ok(inspect);
    assertThat(JSON.readTree(inspect.stdout()).at("/rootfs/diff_ids")).hasSize(1);
    ok(berth.cli().shell("rm -rf " + bundle));
  }

  @Test
  void we_load_what_skopeo_writes_as_docker_archive_and_oci_archive() throws IOException {
    Path ours = berth.work().resolve("ours.tar");
    ok(berth.berth("save", "-o", ours.toString(), "busybox:latest"));
    Path docker = berth.work().resolve("skopeo-docker.tar");
    Path oci = berth.work().resolve("skopeo-oci.tar");
    ok(berth.cli().shell("skopeo copy oci-archive:" + ours + ":latest docker-archive:" + docker + ":skopeo/docker:1"));
    ok(berth.cli().shell("skopeo copy docker-archive:" + ours + " oci-archive:" + oci + ":skopeo/oci:1"));
    try {
      var a = berth.berth("load", "-i", docker.toString());
      ok(a);
      assertThat(a.stdout()).isEqualTo("Loaded image: skopeo/docker:1\n");
      var b = berth.docker("load", "-i", oci.toString());
      ok(b);
      assertThat(b.stdout()).contains("Loaded image: skopeo/oci:1");
      // docker-archive keeps the config byte for byte (same ID); skopeo rewrites a Docker config as an
      // OCI one (same content, other bytes, other ID): the layers are the same
      JsonNode bb = berth.api().get("/images/busybox:latest/json").json();
      assertThat(berth.api().get("/images/skopeo/docker:1/json").json().get("Id").asText()).isEqualTo(berth.busyboxId());
      JsonNode viaOci = berth.api().get("/images/skopeo/oci:1/json").json();
      assertThat(viaOci.at("/RootFS/Layers")).isEqualTo(bb.at("/RootFS/Layers"));
      assertThat(viaOci.at("/Config/Cmd")).isEqualTo(bb.at("/Config/Cmd"));
      ok(berth.berth("run", "--rm", "skopeo/oci:1", "true"));
    } finally {
      berth.berth("rmi", "skopeo/docker:1", "skopeo/oci:1");
    }
  }

  // ---- bad archives ----------------------------------------------------------------------------

  @Test
  void load_of_a_manifest_naming_a_missing_layer_fails_clearly_and_changes_nothing() throws IOException {
    Map<String, byte[]> files = savedBusybox();
    String layer = JSON.readTree(files.get("manifest.json")).get(0).get("Layers").get(0).asText();
    files.remove(layer);
    files.remove("index.json");
    assertRefused(files, "missing layer " + layer);
  }

  @Test
  void load_of_a_layer_that_does_not_match_its_digest_fails_clearly_and_changes_nothing() throws IOException {
    Map<String, byte[]> files = savedBusybox();
    String layer = JSON.readTree(files.get("manifest.json")).get(0).get("Layers").get(0).asText();
    byte[] bytes = files.get(layer).clone();
    bytes[bytes.length / 2] ^= 0x55;
    files.put(layer, bytes);
    assertRefused(files, "does not match its digest");
  }

  @Test
  void load_of_a_layer_whose_content_differs_from_the_config_fails_clearly_and_changes_nothing() throws IOException {
    // an old-layout archive (layer named <id>/layer.tar: no digest to check by name) whose layer is
    // not the one the config's diff_ids name: caught when the unpacked layer's diff ID is compared
    Map<String, byte[]> files = savedBusybox();
    String layer = JSON.readTree(files.get("manifest.json")).get(0).get("Layers").get(0).asText();
    byte[] other = tar(Map.of("not-busybox", "x".getBytes(StandardCharsets.UTF_8)));
    files.remove(layer);
    files.put("abc/layer.tar", other);
    files.remove("index.json");
    String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8).replace(layer, "abc/layer.tar");
    files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    assertRefused(files, "diff ID");
  }

  private void assertRefused(Map<String, byte[]> files, String message) throws IOException {
    ok(berth.berth("rmi", "busybox:latest")); // so the layers are really needed
    try {
      Path bad = berth.work().resolve("bad-" + System.nanoTime() + ".tar");
      Files.write(bad, tar(files));
      Set<String> before = storeState();
      for (Cli.Result r : List.of(berth.berth("load", "-i", bad.toString()), berth.docker("load", "-i", bad.toString()))) {
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).as(r.toString()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(storeState()).isEqualTo(before);
      }
    } finally {
      berth.daemon().loadBusybox("busybox:latest");
    }
  }

  /** Images with tags, snapshot directories and blobs of the daemon. */
  private static Set<String> storeState() throws IOException {
    Set<String> s = new TreeSet<>(images(berth.daemon()));
    for (String dir : List.of("snapshots", "content/blobs/sha256")) {
      try (Stream<Path> files = Files.list(berth.daemon().dataRoot().resolve(dir))) {
        files.forEach(p -> s.add(dir + "/" + p.getFileName()));
      }
    }
    return s;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Runs a container that adds {@code /from-export} and deletes {@code /bin/vi}, exports it with
   * {@code berth export} and imports that with a change and a message as {@code ref}; returns the ID.
   */
  private static String exportedImage(String ref) {
    String cid = berth.berth("create", "busybox", "sh", "-c", "echo exported > /from-export; rm /bin/vi").out();
    try {
      ok(berth.berth("start", "-a", cid));
      Path tar = berth.work().resolve("export-" + cid + ".tar");
      ok(berth.berth("export", "-o", tar.toString(), cid));
      var imp = berth.berth("import", "-c", "ENV FROM_EXPORT=1", "-m", "exported by a test", tar.toString(), ref);
      ok(imp);
      return imp.out();
    } finally {
      berth.berth("rm", "-f", cid);
    }
  }

  private static Map<String, byte[]> savedBusybox() throws IOException {
    Path tar = berth.work().resolve("busybox-" + System.nanoTime() + ".tar");
    ok(berth.berth("save", "-o", tar.toString(), "busybox:latest"));
    return untar(tar);
  }

  private static Set<String> images(TestDaemon d) {
    var r = d.api().get("/images/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Set<String> out = new TreeSet<>();
    for (JsonNode img : r.json()) {
      List<String> tags = new java.util.ArrayList<>();
      img.path("RepoTags").forEach(t -> tags.add(t.asText()));
      tags.sort(null);
      out.add(img.get("Id").asText() + " " + tags);
    }
    return out;
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(end);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Map<String, byte[]> untar(Path tar) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream f = Files.newInputStream(tar); var in = new TarArchiveInputStream(f)) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.isFile()) out.put(e.getName(), in.readAllBytes());
        else if (!e.isDirectory()) out.put(e.getName(), new byte[0]);
      }
    }
    return out;
  }

  private static byte[] tar(Map<String, byte[]> files) throws IOException {
    var buf = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(buf)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var f : files.entrySet()) {
        var e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    return buf.toByteArray();
  }

}
