package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.http.Endpoint;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.image.MediaTypes;
import io.berth.registry.storage.GarbageCollector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Online garbage collection against a live server: what goes, what must survive a push in flight, and pulls meanwhile. */
@SuppressWarnings("unchecked")
class GarbageCollectionTest extends RegistryFixture {
  static final Duration GRACE = Duration.ofMillis(800);

  /** Restarts the fixture's server on the same root with a short grace period. */
  void restartWithGrace(Duration grace) throws Exception {
    server.close();
    server = RegistryServer.start(RegistryConfig.defaults(root).withGcGrace(grace), Endpoint.parse("tcp://127.0.0.1:0"));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> gc(String query) throws Exception {
    var r = send("POST", "/berth/gc" + query, null);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return Json.mapper().readValue(r.body(), Map.class);
  }

  Path blobFile(Digest d) {
    return root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  static void pastGrace() throws InterruptedException {
    Thread.sleep(GRACE.toMillis() + 300);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void an_orphan_goes_and_a_blob_pushed_but_not_yet_referenced_survives() throws Exception {
    restartWithGrace(GRACE);
    Digest image = pushImage("lib/app", "1", MediaTypes.OCI_MANIFEST, "");
    Digest orphan = pushBlob("lib/junk", bytes("nobody references me"));
    pastGrace();
    Digest inFlight = pushBlob("lib/next", bytes("layer of a push whose manifest is not sent yet"));

    Map<String, Object> report = gc("");
    assertThat((List<String>) report.get("BlobsDeleted")).containsExactly(orphan.toString());
    assertThat(blobFile(orphan)).doesNotExist();
    assertError(send("GET", "/v2/lib/junk/blobs/" + orphan, null), 404, "BLOB_UNKNOWN");

    assertThat(send("HEAD", "/v2/lib/next/blobs/" + inFlight, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/lib/app/manifests/1", null, "Accept", MediaTypes.OCI_MANIFEST).statusCode()).isEqualTo(200);
    assertThat(blobFile(image)).exists();
  }

  @Test
  void a_deleted_manifest_lets_its_blobs_go_but_shared_ones_stay() throws Exception {
    restartWithGrace(GRACE);
    byte[] shared = bytes("shared base layer");
    byte[] own = bytes("only in the deleted image");
    byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    Digest s = pushBlob("lib/a", shared);
    Digest o = pushBlob("lib/a", own);
    Digest c = pushBlob("lib/a", config);
    byte[] doomed = imageManifest(MediaTypes.OCI_MANIFEST, c, config.length, o, own.length, "");
    byte[] kept = imageManifest(MediaTypes.OCI_MANIFEST, c, config.length, s, shared.length, "");
    assertThat(send("PUT", "/v2/lib/a/manifests/old", doomed, "Content-Type", MediaTypes.OCI_MANIFEST).statusCode()).isEqualTo(201);
    assertThat(send("PUT", "/v2/lib/a/manifests/new", kept, "Content-Type", MediaTypes.OCI_MANIFEST).statusCode()).isEqualTo(201);
    assertThat(send("DELETE", "/v2/lib/a/manifests/" + Digest.sha256(doomed), null).statusCode()).isEqualTo(202);
    pastGrace();

    Map<String, Object> report = gc("");
    assertThat((List<String>) report.get("BlobsDeleted"))
        .containsExactlyInAnyOrder(o.toString(), Digest.sha256(doomed).toString());
    assertThat(blobFile(s)).exists();
    assertThat(blobFile(c)).exists();
    assertThat(send("GET", "/v2/lib/a/blobs/" + s, null).body()).isEqualTo(shared);
    assertError(send("GET", "/v2/lib/a/blobs/" + o, null), 404, "BLOB_UNKNOWN");
    // A second run finds nothing more.
    assertThat((List<String>) gc("").get("BlobsDeleted")).isEmpty();
  }

  @Test
  void dry_run_reports_and_keeps_everything() throws Exception {
    restartWithGrace(GRACE);
    Digest orphan = pushBlob("lib/junk", bytes("orphan for the dry run"));
    pastGrace();
    Map<String, Object> report = gc("?dry-run=true");
    assertThat(report.get("DryRun")).isEqualTo(true);
    assertThat((List<String>) report.get("BlobsDeleted")).containsExactly(orphan.toString());
    assertThat(blobFile(orphan)).exists();
    assertThat(send("HEAD", "/v2/lib/junk/blobs/" + orphan, null).statusCode()).isEqualTo(200);
  }

  @Test
  void delete_untagged_removes_replaced_manifests_but_keeps_children_of_tagged_lists() throws Exception {
    restartWithGrace(GRACE);
    Digest first = pushImage("lib/u", "latest", MediaTypes.OCI_MANIFEST, "");
    Digest child = pushImage("lib/u", "child", MediaTypes.OCI_MANIFEST, "");
    byte[] childBody = send("GET", "/v2/lib/u/manifests/" + child, null).body();
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":" + childBody.length
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(StandardCharsets.UTF_8);
    assertThat(send("PUT", "/v2/lib/u/manifests/multi", index, "Content-Type", MediaTypes.OCI_INDEX).statusCode()).isEqualTo(201);
    assertThat(send("DELETE", "/v2/lib/u/manifests/child", null).statusCode()).isEqualTo(202);
    Digest second = pushImage("lib/u", "latest", MediaTypes.OCI_MANIFEST, ",\"annotations\":{\"v\":\"2\"}");
    assertThat(second).isNotEqualTo(first);
    pastGrace();

    Map<String, Object> plain = gc("");
    assertThat((List<String>) plain.get("ManifestsDeleted")).isEmpty();
    Map<String, Object> report = gc("?delete-untagged=true");
    assertThat((List<String>) report.get("ManifestsDeleted")).containsExactly("lib/u@" + first);
    assertError(send("GET", "/v2/lib/u/manifests/" + first, null), 404, "MANIFEST_UNKNOWN");
    assertThat(send("GET", "/v2/lib/u/manifests/" + child, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/lib/u/manifests/latest", null).statusCode()).isEqualTo(200);
    assertThat((List<String>) report.get("BlobsDeleted")).contains(first.toString());
  }

  @Test
  void an_open_upload_keeps_the_blobs_of_its_repository() throws Exception {
    restartWithGrace(GRACE);
    Digest early = pushBlob("lib/slow", bytes("uploaded long before the rest of the push"));
    String location = header(send("POST", "/v2/lib/slow/blobs/uploads/", null), "Location");
    pastGrace();
    assertThat((List<String>) gc("").get("BlobsDeleted")).isEmpty();
    assertThat(blobFile(early)).exists();

    assertThat(send("DELETE", location, null).statusCode()).isEqualTo(204);
    assertThat((List<String>) gc("").get("BlobsDeleted")).containsExactly(early.toString());
  }

  @Test
  void a_head_by_a_pusher_keeps_an_old_unreferenced_blob_for_its_manifest() throws Exception {
    restartWithGrace(GRACE);
    byte[] layer = bytes("pushed once, manifest deleted, pushed again");
    byte[] config = bytes("{\"os\":\"linux\"}");
    Digest l = pushBlob("lib/re", layer);
    Digest c = pushBlob("lib/re", config);
    pastGrace();
    // The pusher finds both blobs present and skips their upload ...
    assertThat(send("HEAD", "/v2/lib/re/blobs/" + l, null).statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/v2/lib/re/blobs/" + c, null).statusCode()).isEqualTo(200);
    assertThat((List<String>) gc("").get("BlobsDeleted")).isEmpty();
    // ... so its manifest still finds them.
    byte[] manifest = imageManifest(MediaTypes.OCI_MANIFEST, c, config.length, l, layer.length, "");
    assertThat(send("PUT", "/v2/lib/re/manifests/v1", manifest, "Content-Type", MediaTypes.OCI_MANIFEST).statusCode()).isEqualTo(201);
  }

  @Test
  void the_final_delete_waits_for_a_push_between_its_bytes_and_its_index_rows() throws Exception {
    restartWithGrace(GRACE);
    Digest orphan = pushBlob("lib/junk", bytes("orphan while a push publishes"));
    pastGrace();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RegistryServer s = server;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // Stands for a push holding the publishing side (its blob is stored, its link not yet written).
      Registry registry = s.registry();
      Future<?> holder = pool.submit(() -> registry.index().publishing(() -> {
        inside.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return null;
      }));
      inside.await();
      Future<GarbageCollector.Report> gc = pool.submit(() ->
          s.collectGarbage(new GarbageCollector.Options(false, false, GRACE)));
      Thread.sleep(300);
      assertThat(gc.isDone()).as("the sweep waits for the push").isFalse();
      // Pulls do not wait for either.
      assertThat(send("GET", "/v2/lib/junk/blobs/" + orphan, null).statusCode()).isEqualTo(200);
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      assertThat(gc.get(10, TimeUnit.SECONDS).blobsDeleted()).containsExactly(orphan);
    }
  }

  @Test
  void pushes_and_pulls_keep_working_while_gc_runs_in_a_loop() throws Exception {
    restartWithGrace(Duration.ofSeconds(3));
    Digest pulled = pushImage("lib/stable", "v1", MediaTypes.OCI_MANIFEST, "");
    byte[] stableManifest = send("GET", "/v2/lib/stable/manifests/v1", null, "Accept", MediaTypes.OCI_MANIFEST).body();
    List<Digest> orphans = new ArrayList<>();
    for (int i = 0; i < 5; i++) orphans.add(pushBlob("lib/junk", bytes("orphan " + i)));
    Thread.sleep(3_300);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger runs = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<String> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> collector = pool.submit(() -> {
        while (!stop.get()) {
          var r = send("POST", "/berth/gc", null);
          if (r.statusCode() != 200) failures.add("gc: " + r.statusCode() + " " + text(r));
          runs.incrementAndGet();
        }
        return null;
      });
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 8; i++) {
            // Chunked upload of the layer with a pause, then the manifest: the blobs are unreferenced until the end.
            byte[] layer = bytes("layer " + thread + "/" + i + " " + "x".repeat(1000 * i));
            String loc = header(send("POST", "/v2/lib/w" + thread + "/blobs/uploads/", null), "Location");
            send("PATCH", loc, java.util.Arrays.copyOfRange(layer, 0, layer.length / 2));
            Thread.sleep(20);
            var put = send("PUT", loc + "?digest=" + Digest.sha256(layer),
                java.util.Arrays.copyOfRange(layer, layer.length / 2, layer.length));
            if (put.statusCode() != 201) failures.add("blob put: " + put.statusCode() + " " + text(put));
            byte[] config = bytes("{\"os\":\"linux\",\"n\":\"" + thread + "/" + i + "\"}");
            pushBlob("lib/w" + thread, config);
            Thread.sleep(30);
            byte[] manifest = imageManifest(MediaTypes.OCI_MANIFEST, Digest.sha256(config), config.length,
                Digest.sha256(layer), layer.length, "");
            var m = send("PUT", "/v2/lib/w" + thread + "/manifests/t" + i, manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
            if (m.statusCode() != 201) failures.add("manifest put: " + m.statusCode() + " " + text(m));
            else pushed.add("lib/w" + thread + ":t" + i);
          }
          return null;
        }));
      }
      workers.add(pool.submit(() -> {
        for (int i = 0; i < 40; i++) {
          var m = send("GET", "/v2/lib/stable/manifests/v1", null, "Accept", MediaTypes.OCI_MANIFEST);
          if (m.statusCode() != 200 || !java.util.Arrays.equals(m.body(), stableManifest)) failures.add("pull manifest: " + m.statusCode());
          var b = send("GET", "/v2/lib/stable/blobs/" + layerOf(stableManifest), null);
          if (b.statusCode() != 200) failures.add("pull blob: " + b.statusCode() + " " + text(b));
        }
        return null;
      }));
      for (Future<?> w : workers) w.get(120, TimeUnit.SECONDS);
      stop.set(true);
      collector.get(30, TimeUnit.SECONDS);
    }
    assertThat(failures).isEmpty();
    assertThat(runs.get()).isGreaterThan(1);
    assertThat(pushed).hasSize(24);
    for (Digest o : orphans) assertThat(blobFile(o)).doesNotExist();
    // Everything pushed meanwhile pulls in full.
    for (String p : pushed) {
      String repo = p.substring(0, p.indexOf(':'));
      var m = send("GET", "/v2/" + repo + "/manifests/" + p.substring(p.indexOf(':') + 1), null, "Accept", MediaTypes.OCI_MANIFEST);
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(send("GET", "/v2/" + repo + "/blobs/" + layerOf(m.body()), null).statusCode()).as(p).isEqualTo(200);
    }
    assertThat(blobFile(pulled)).exists();
  }

  @Test
  void offline_gc_command_collects_a_stopped_registry() throws Exception {
    Digest orphan = pushBlob("lib/junk", bytes("orphan for the command"));
    Digest image = pushImage("lib/app", "1", MediaTypes.OCI_MANIFEST, "");
    server.close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RegistryGc.run(List.of("--root", root.toString(), "--grace", "0s", "--dry-run"),
        new PrintStream(out, true), new PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("would delete blob " + orphan).contains("dry run: 0 manifest(s) and 1 blob(s)");
    assertThat(blobFile(orphan)).exists();
    code = RegistryGc.run(List.of("--root", root.toString(), "--grace=0"), new PrintStream(out, true), new PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("deleted blob " + orphan);
    assertThat(blobFile(orphan)).doesNotExist();
    assertThat(blobFile(image)).exists();
    server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"));
    assertThat(RegistryGc.run(List.of("--root", root.resolve("nope").toString()), new PrintStream(out, true),
        new PrintStream(err, true))).isEqualTo(1);
    assertThat(err.toString()).contains("no registry at");
  }

  static Digest layerOf(byte[] manifest) throws Exception {
    return Digest.parse(Json.mapper().readTree(manifest).path("layers").get(0).path("digest").asText());
  }
}
