package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.http.Endpoint;
import io.berth.oci.Digest;
import io.berth.oci.image.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /v2/ API against a real server on an ephemeral port: the base check, blobs and uploads, endpoint by endpoint and error by error. */
class RegistryServerTest extends RegistryFixture {

  // ---- base ----

  @Test
  void base_endpoint_answers_with_the_api_version() throws Exception {
    var r = send("GET", "/v2/", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
  }

  @Test
  void invalid_repository_names_are_name_invalid() throws Exception {
    assertError(send("GET", "/v2/Upper/tags/list", null), 400, "NAME_INVALID");
    assertError(send("GET", "/v2/a/../x/tags/list", null), 400, "NAME_INVALID");
    assertError(send("POST", "/v2/a//b/blobs/uploads/", null), 400, "NAME_INVALID");
    assertError(send("GET", "/v2/-x/manifests/latest", null), 400, "NAME_INVALID");
  }

  // ---- blobs ----

  @Test
  void monolithic_post_publishes_a_blob_that_get_head_and_range_serve() throws Exception {
    byte[] data = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(data);
    var post = send("POST", "/v2/lib/a/blobs/uploads/?digest=" + d, data);
    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(header(post, "Location")).isEqualTo("/v2/lib/a/blobs/" + d);
    assertThat(header(post, "Docker-Content-Digest")).isEqualTo(d.toString());

    var get = send("GET", "/v2/lib/a/blobs/" + d, null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(data);
    assertThat(header(get, "Docker-Content-Digest")).isEqualTo(d.toString());

    var head = send("HEAD", "/v2/lib/a/blobs/" + d, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Length")).isEqualTo("16");

    var range = send("GET", "/v2/lib/a/blobs/" + d, null, "Range", "bytes=10-");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(text(range)).isEqualTo("abcdef");
    assertThat(header(range, "Content-Range")).isEqualTo("bytes 10-15/16");
    var suffix = send("GET", "/v2/lib/a/blobs/" + d, null, "Range", "bytes=-3");
    assertThat(text(suffix)).isEqualTo("def");
    var bad = send("GET", "/v2/lib/a/blobs/" + d, null, "Range", "bytes=99-");
    assertThat(bad.statusCode()).isEqualTo(416);
    assertThat(header(bad, "Content-Range")).isEqualTo("bytes */16");
  }

  @Test
  void a_blob_is_served_only_in_repositories_that_have_it() throws Exception {
    Digest d = pushBlob("one", "private to one".getBytes(StandardCharsets.UTF_8));
    assertError(send("GET", "/v2/two/blobs/" + d, null), 404, "BLOB_UNKNOWN");
    assertError(send("GET", "/v2/one/blobs/sha256:" + "0".repeat(64), null), 404, "BLOB_UNKNOWN");
    assertError(send("GET", "/v2/one/blobs/sha256:xyz", null), 400, "DIGEST_INVALID");
  }

  @Test
  void chunked_upload_with_patch_status_and_final_put() throws Exception {
    byte[] data = "hello chunked world".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(data);
    var post = send("POST", "/v2/lib/c/blobs/uploads/", null);
    assertThat(post.statusCode()).isEqualTo(202);
    String location = header(post, "Location");
    assertThat(location).startsWith("/v2/lib/c/blobs/uploads/");
    assertThat(header(post, "Range")).isEqualTo("0-0");
    assertThat(header(post, "Docker-Upload-UUID")).isNotBlank();

    var p1 = send("PATCH", location, java.util.Arrays.copyOfRange(data, 0, 5), "Content-Range", "0-4",
        "Content-Type", "application/octet-stream");
    assertThat(p1.statusCode()).isEqualTo(202);
    assertThat(header(p1, "Range")).isEqualTo("0-4");
    location = header(p1, "Location");

    var outOfOrder = send("PATCH", location, "xx".getBytes(StandardCharsets.UTF_8), "Content-Range", "9-10");
    assertThat(outOfOrder.statusCode()).isEqualTo(416);
    assertThat(header(outOfOrder, "Range")).isEqualTo("0-4");

    var status = send("GET", location, null);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(header(status, "Range")).isEqualTo("0-4");

    // a PATCH without Content-Range appends (what the docker client sends)
    var p2 = send("PATCH", location, java.util.Arrays.copyOfRange(data, 5, 10), "Content-Type", "application/octet-stream");
    assertThat(header(p2, "Range")).isEqualTo("0-9");
    assertError(send("HEAD", "/v2/lib/c/blobs/" + d, null), 404, "BLOB_UNKNOWN");

    var put = send("PUT", location + "?digest=" + d, java.util.Arrays.copyOfRange(data, 10, data.length),
        "Content-Range", "10-" + (data.length - 1));
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    assertThat(header(put, "Location")).isEqualTo("/v2/lib/c/blobs/" + d);
    assertThat(send("GET", "/v2/lib/c/blobs/" + d, null).body()).isEqualTo(data);
    assertError(send("GET", location, null), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(server.uploadSessions()).isZero();
  }

  @Test
  void a_wrong_digest_is_digest_invalid_and_leaves_nothing_visible() throws Exception {
    byte[] data = "some bytes".getBytes(StandardCharsets.UTF_8);
    Digest wrong = Digest.sha256("other bytes".getBytes(StandardCharsets.UTF_8));
    assertError(send("POST", "/v2/lib/w/blobs/uploads/?digest=" + wrong, data), 400, "DIGEST_INVALID");

    var post = send("POST", "/v2/lib/w/blobs/uploads/", null);
    String location = header(post, "Location");
    send("PATCH", location, data);
    assertError(send("PUT", location + "?digest=" + wrong, null), 400, "DIGEST_INVALID");
    assertError(send("PUT", location, null), 404, "BLOB_UPLOAD_UNKNOWN");

    assertError(send("HEAD", "/v2/lib/w/blobs/" + wrong, null), 404, "BLOB_UNKNOWN");
    assertError(send("HEAD", "/v2/lib/w/blobs/" + Digest.sha256(data), null), 404, "BLOB_UNKNOWN");
    assertThat(filesUnder(root.resolve("blobs"))).isZero();
    assertThat(filesUnder(root.resolve("ingest"))).isZero();
  }

  @Test
  void put_without_digest_is_digest_invalid() throws Exception {
    String location = header(send("POST", "/v2/lib/w/blobs/uploads/", null), "Location");
    assertError(send("PUT", location, "x".getBytes(StandardCharsets.UTF_8)), 400, "DIGEST_INVALID");
  }

  @Test
  void delete_on_an_upload_cancels_it() throws Exception {
    String location = header(send("POST", "/v2/lib/d/blobs/uploads/", null), "Location");
    send("PATCH", location, "partial".getBytes(StandardCharsets.UTF_8));
    assertThat(send("DELETE", location, null).statusCode()).isEqualTo(204);
    assertError(send("GET", location, null), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(send("PATCH", location, "more".getBytes(StandardCharsets.UTF_8)), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(filesUnder(root.resolve("ingest"))).isZero();
  }

  @Test
  void an_upload_belongs_to_its_repository() throws Exception {
    String location = header(send("POST", "/v2/lib/mine/blobs/uploads/", null), "Location");
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertError(send("GET", "/v2/lib/other/blobs/uploads/" + id, null), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void idle_uploads_expire_and_a_restart_removes_leftover_uploads() throws Exception {
    String location = header(send("POST", "/v2/lib/s/blobs/uploads/", null), "Location");
    send("PATCH", location, "abandoned".getBytes(StandardCharsets.UTF_8));
    assertThat(server.expireUploads(Duration.ofHours(1))).isZero();
    Thread.sleep(20);
    assertThat(server.expireUploads(Duration.ofMillis(10))).isEqualTo(1);
    assertError(send("GET", location, null), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(filesUnder(root.resolve("ingest"))).isZero();

    // A crash leaves an ingest behind: the next start removes it.
    Path leftover = root.resolve("ingest/upload-00000000-0000-0000-0000-000000000000");
    Files.createDirectories(leftover);
    Files.writeString(leftover.resolve("data"), "half a layer");
    server.close();
    server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"));
    assertThat(leftover).doesNotExist();
  }

  @Test
  void cross_repository_mount_links_a_known_blob_and_otherwise_starts_an_upload() throws Exception {
    Digest d = pushBlob("src/repo", "shared layer".getBytes(StandardCharsets.UTF_8));
    var mount = send("POST", "/v2/dst/repo/blobs/uploads/?mount=" + d + "&from=src/repo", null);
    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(header(mount, "Location")).isEqualTo("/v2/dst/repo/blobs/" + d);
    assertThat(header(mount, "Docker-Content-Digest")).isEqualTo(d.toString());
    assertThat(send("GET", "/v2/dst/repo/blobs/" + d, null).statusCode()).isEqualTo(200);

    Digest absent = Digest.sha256("never pushed".getBytes(StandardCharsets.UTF_8));
    var fallback = send("POST", "/v2/dst/repo/blobs/uploads/?mount=" + absent + "&from=src/repo", null);
    assertThat(fallback.statusCode()).isEqualTo(202);
    assertThat(header(fallback, "Location")).startsWith("/v2/dst/repo/blobs/uploads/");
    // the blob is in the registry but not in "elsewhere": no mount from there
    assertThat(send("POST", "/v2/dst/other/blobs/uploads/?mount=" + d + "&from=elsewhere", null).statusCode()).isEqualTo(202);
  }

  @Test
  void concurrent_pushes_of_one_blob_all_succeed() throws Exception {
    byte[] data = new byte[512 * 1024];
    new java.util.Random(7).nextBytes(data);
    Digest d = Digest.sha256(data);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String repo = "conc/r" + (i % 2);
        boolean chunked = i % 2 == 0;
        Callable<Integer> push = () -> {
          if (!chunked) return send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, data).statusCode();
          String loc = header(send("POST", "/v2/" + repo + "/blobs/uploads/", null), "Location");
          send("PATCH", loc, data);
          return send("PUT", loc + "?digest=" + d, null).statusCode();
        };
        results.add(pool.submit(push));
      }
      for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(201);
    }
    assertThat(send("GET", "/v2/conc/r0/blobs/" + d, null).body()).isEqualTo(data);
    assertThat(send("GET", "/v2/conc/r1/blobs/" + d, null).body()).isEqualTo(data);
    assertThat(filesUnder(root.resolve("ingest"))).isZero();
  }

  @Test
  void deleting_a_blob_unlinks_it_from_the_repository() throws Exception {
    Digest d = pushBlob("del/b", "to delete".getBytes(StandardCharsets.UTF_8));
    assertThat(send("DELETE", "/v2/del/b/blobs/" + d, null).statusCode()).isEqualTo(202);
    assertError(send("GET", "/v2/del/b/blobs/" + d, null), 404, "BLOB_UNKNOWN");
    assertError(send("DELETE", "/v2/del/b/blobs/" + d, null), 404, "BLOB_UNKNOWN");
  }
}
