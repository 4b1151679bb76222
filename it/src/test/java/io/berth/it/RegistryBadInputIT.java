package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.testkit.Cli;
import io.berth.testkit.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input against {@code berth registry serve} over HTTP, with a plain {@link HttpClient} (raw
 * sockets where the client would fix the request up): a wrong digest, truncated and out-of-order
 * uploads, a manifest naming missing blobs, invalid repository names, bad/expired/forged bearer
 * tokens and an oversized manifest each get the distribution spec's error code — and after each,
 * nothing is stored: the catalog, the blob files and the index are as before.
 */
class RegistryBadInputIT {
  static Path work;
  static Cli cli;
  static Server open;
  static Server tokened;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One {@code berth registry serve} process on its own root. */
  record Server(Cli.Background process, int port, Path root) {
    URI uri(String path) { return URI.create("http://127.0.0.1:" + port + path); }

    void stop() throws Exception {
      process.process().destroy();
      assertThat(process.process().waitFor(20, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
      process.close();
    }
  }

  static Server serve(String name, String... extra) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path root = work.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(),
        "registry", "serve", "--addr", "127.0.0.1:" + port, "--root", root.toString()));
    for (String e : extra) cmd.add(e.replace("PORT", Integer.toString(port)));
    Cli.Background p = cli.start(cmd);
    p.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));
    return new Server(p, port, root);
  }

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("berth-regbad");
    cli = new Cli(Repo.root().resolve("bin/berth"), work.resolve("docker.sock"), work);
    var h = cli.run(Duration.ofSeconds(30), List.of("htpasswd", "-nbB", "alice", "s3cret"));
    assertThat(h.exitCode()).as(h.toString()).isZero();
    Files.writeString(work.resolve("htpasswd"), h.stdout());
    open = serve("open");
    tokened = serve("tokened", "--htpasswd", work.resolve("htpasswd").toString(), "--token-realm",
        "http://127.0.0.1:PORT/token", "--allow-anonymous-pull");
    // one good push, so that "unchanged" is measured against a registry with content in it
    pushBlob(open, "good/repo", "good blob".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() throws Exception {
    if (open != null) open.stop();
    if (tokened != null) tokened.stop();
    if (work != null) cli.run(Duration.ofSeconds(60), List.of("rm", "-rf", work.toString()));
  }

  private State before;

  @BeforeEach
  void snapshot() throws Exception {
    before = State.of(open);
  }

  @AfterEach
  void nothingStored() throws Exception {
    assertThat(State.of(open)).as("what the registry stores after the bad request").isEqualTo(before);
  }

  /** What a client can see, and what is on disk. */
  record State(String catalog, TreeSet<String> blobFiles) {
    static State of(Server s) throws Exception {
      var catalog = send(s, "GET", "/v2/_catalog", Map.of(), null);
      TreeSet<String> files = new TreeSet<>();
      try (Stream<Path> all = Files.list(s.root().resolve("blobs/sha256"))) {
        all.forEach(p -> files.add(p.getFileName().toString()));
      }
      return new State(catalog.body(), files);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  static HttpResponse<String> send(Server s, String method, String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first error code of a spec error body. */
  static String code(HttpResponse<String> r) {
    JsonNode errors = Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).path("errors");
    assertThat(errors.isArray() && !errors.isEmpty()).as("an error body: " + r.body()).isTrue();
    return errors.get(0).path("code").asText();
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r + " " + r.body()).isEqualTo(status);
    assertThat(code(r)).as(r.body()).isEqualTo(code);
  }

  static String startUpload(Server s, String repo) throws Exception {
    var r = send(s, "POST", "/v2/" + repo + "/blobs/uploads/", Map.of(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return r.headers().firstValue("Location").orElseThrow();
  }

  static String withDigest(String location, Digest d) {
    return location + (location.contains("?") ? "&" : "?") + "digest=" + d;
  }

  static void pushBlob(Server s, String repo, byte[] data) throws Exception {
    var r = send(s, "PUT", withDigest(startUpload(s, repo), Digest.sha256(data)),
        Map.of("Content-Type", "application/octet-stream"), data);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  static int blobStatus(Server s, String repo, Digest d) throws Exception {
    return send(s, "HEAD", "/v2/" + repo + "/blobs/" + d, Map.of(), null).statusCode();
  }

  /** One request written byte for byte (the client may not normalise or fix it); the raw response. */
  static String raw(Server s, String head, byte[] body, boolean closeEarly) throws IOException {
    try (Socket sock = new Socket("127.0.0.1", s.port())) {
      sock.setSoTimeout(30_000);
      OutputStream out = sock.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      if (closeEarly) sock.shutdownOutput(); // the rest of the announced body never comes
      InputStream in = sock.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
    return b;
  }

  // ---- wrong digest --------------------------------------------------------------------------

  @Test
  void a_wrong_digest_on_the_finishing_put_is_digest_invalid_and_nothing_is_visible() throws Exception {
    byte[] data = bytes(1000, 1);
    Digest claimed = Digest.sha256(bytes(1000, 2));
    String location = startUpload(open, "bad/digest");
    var r = send(open, "PUT", withDigest(location, claimed), Map.of("Content-Type", "application/octet-stream"), data);
    assertError(r, 400, "DIGEST_INVALID");
    assertThat(blobStatus(open, "bad/digest", claimed)).isEqualTo(404);
    assertThat(blobStatus(open, "bad/digest", Digest.sha256(data))).isEqualTo(404);
    // the session is over: finishing it again is an unknown upload
    assertError(send(open, "PUT", withDigest(location, Digest.sha256(data)), Map.of(), data), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void a_wrong_digest_on_a_monolithic_post_is_digest_invalid() throws Exception {
    byte[] data = bytes(500, 3);
    Digest claimed = Digest.sha256(bytes(500, 4));
    var r = send(open, "POST", "/v2/bad/mono/blobs/uploads/?digest=" + claimed,
        Map.of("Content-Type", "application/octet-stream"), data);
    assertError(r, 400, "DIGEST_INVALID");
    assertThat(blobStatus(open, "bad/mono", claimed)).isEqualTo(404);
  }

  @Test
  void a_malformed_digest_is_digest_invalid() throws Exception {
    String location = startUpload(open, "bad/malformed");
    var r = send(open, "PUT", location + (location.contains("?") ? "&" : "?") + "digest=sha256:nothex",
        Map.of(), bytes(10, 5));
    assertError(r, 400, "DIGEST_INVALID");
    send(open, "DELETE", location, Map.of(), null);
  }

  // ---- truncated and out-of-order uploads ----------------------------------------------------

  @Test
  void a_chunk_leaving_a_gap_is_416_with_the_range_to_resume_from_and_an_incomplete_upload_never_lands()
      throws Exception {
    byte[] whole = bytes(30, 6);
    String location = startUpload(open, "bad/gap");
    var first = send(open, "PATCH", location, Map.of("Content-Range", "0-9", "Content-Type", "application/octet-stream"),
        java.util.Arrays.copyOfRange(whole, 0, 10));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(first.headers().firstValue("Range")).contains("0-9");
    String next = first.headers().firstValue("Location").orElse(location);

    var gap = send(open, "PATCH", next, Map.of("Content-Range", "20-29", "Content-Type", "application/octet-stream"),
        java.util.Arrays.copyOfRange(whole, 20, 30));
    assertError(gap, 416, "BLOB_UPLOAD_INVALID");
    assertThat(gap.headers().firstValue("Range")).contains("0-9");

    // finishing with the bytes missing in the middle: the content is not the digest's
    var put = send(open, "PUT", withDigest(next, Digest.sha256(whole)), Map.of("Content-Type", "application/octet-stream"),
        java.util.Arrays.copyOfRange(whole, 20, 30));
    assertThat(put.statusCode()).as(put.body()).isIn(400, 416);
    assertThat(blobStatus(open, "bad/gap", Digest.sha256(whole))).isEqualTo(404);
    send(open, "DELETE", next, Map.of(), null);
  }

  @Test
  void a_content_range_that_disagrees_with_the_body_length_is_refused() throws Exception {
    String location = startUpload(open, "bad/range");
    var r = send(open, "PATCH", location, Map.of("Content-Range", "0-99", "Content-Type", "application/octet-stream"),
        bytes(50, 7));
    assertError(r, 416, "BLOB_UPLOAD_INVALID");
    var status = send(open, "GET", location, Map.of(), null);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).contains("0-0");
    send(open, "DELETE", location, Map.of(), null);
  }

  @Test
  void a_body_cut_short_leaves_nothing_visible_and_the_put_of_the_whole_digest_fails() throws Exception {
    byte[] whole = bytes(100, 8);
    String location = startUpload(open, "bad/short");
    URI u = URI.create(location);
    String path = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    String response = raw(open, "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Length: 100\r\nConnection: close\r\n\r\n", java.util.Arrays.copyOf(whole, 40), true);
    assertThat(response).doesNotStartWith("HTTP/1.1 202");

    var put = send(open, "PUT", withDigest(location, Digest.sha256(whole)), Map.of("Content-Type", "application/octet-stream"),
        new byte[0]);
    assertThat(put.statusCode()).as(put.body()).isIn(400, 404);
    assertThat(code(put)).isIn("DIGEST_INVALID", "SIZE_INVALID", "BLOB_UPLOAD_UNKNOWN", "BLOB_UPLOAD_INVALID");
    assertThat(blobStatus(open, "bad/short", Digest.sha256(whole))).isEqualTo(404);
    send(open, "DELETE", location, Map.of(), null);
  }

  @Test
  void a_monolithic_body_cut_short_stores_nothing() throws Exception {
    byte[] whole = bytes(5000, 9);
    String response = raw(open, "POST /v2/bad/monoshort/blobs/uploads/?digest=" + Digest.sha256(whole)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 5000\r\n"
        + "Connection: close\r\n\r\n", java.util.Arrays.copyOf(whole, 1000), true);
    assertThat(response).doesNotStartWith("HTTP/1.1 201");
    assertThat(blobStatus(open, "bad/monoshort", Digest.sha256(whole))).isEqualTo(404);
  }

  // ---- manifests -----------------------------------------------------------------------------

  static byte[] manifest(Digest config, long configSize, Digest layer, long layerSize) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
        + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
        + "\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_manifest_naming_missing_blobs_is_manifest_blob_unknown() throws Exception {
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] layer = bytes(64, 10);
    byte[] m = manifest(Digest.sha256(config), config.length, Digest.sha256(layer), layer.length);
    var r = send(open, "PUT", "/v2/bad/manifest/manifests/1",
        Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), m);
    assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
    // the refused push did not even create the repository
    assertError(send(open, "GET", "/v2/bad/manifest/manifests/1", Map.of(), null), 404, "NAME_UNKNOWN");
    assertThat(send(open, "GET", "/v2/bad/manifest/manifests/" + Digest.sha256(m), Map.of(), null).statusCode())
        .isEqualTo(404);
    assertError(send(open, "GET", "/v2/bad/manifest/tags/list", Map.of(), null), 404, "NAME_UNKNOWN");
  }

  @Test
  void a_manifest_whose_config_is_in_another_repository_only_is_manifest_blob_unknown() throws Exception {
    byte[] good = "good blob".getBytes(StandardCharsets.UTF_8); // pushed to good/repo in start()
    byte[] m = manifest(Digest.sha256(good), good.length, Digest.sha256(good), good.length);
    var r = send(open, "PUT", "/v2/bad/elsewhere/manifests/1",
        Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), m);
    assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void an_oversized_manifest_is_413_manifest_invalid() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] head = "{\"schemaVersion\":2,\"layers\":[],\"x\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, big, 0, head.length);
    big[big.length - 2] = '"';
    big[big.length - 1] = '}';
    var r = send(open, "PUT", "/v2/bad/big/manifests/1", Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
        big);
    assertError(r, 413, "MANIFEST_INVALID");
    assertError(send(open, "GET", "/v2/bad/big/manifests/1", Map.of(), null), 404, "NAME_UNKNOWN");
  }

  @Test
  void a_manifest_that_is_not_json_is_manifest_invalid() throws Exception {
    var r = send(open, "PUT", "/v2/bad/notjson/manifests/1",
        Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), "{not json".getBytes(StandardCharsets.UTF_8));
    assertError(r, 400, "MANIFEST_INVALID");
  }

  // ---- names ---------------------------------------------------------------------------------

  @Test
  void uppercase_and_malformed_repository_names_are_name_invalid() throws Exception {
    for (String name : List.of("Upper/case", "UPPER", "a//b", "-dash", "a/b-", "a..b")) {
      assertError(send(open, "POST", "/v2/" + name + "/blobs/uploads/", Map.of(), null), 400, "NAME_INVALID");
      assertError(send(open, "GET", "/v2/" + name + "/tags/list", Map.of(), null), 400, "NAME_INVALID");
      var m = send(open, "PUT", "/v2/" + name + "/manifests/1",
          Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), "{}".getBytes(StandardCharsets.UTF_8));
      assertError(m, 400, "NAME_INVALID");
    }
  }

  @Test
  void dot_dot_names_are_name_invalid_and_escape_nothing() throws Exception {
    for (String path : List.of("/v2/../x/blobs/uploads/", "/v2/a/../../x/blobs/uploads/", "/v2/%2e%2e/x/blobs/uploads/")) {
      String response = raw(open, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n", new byte[0], false);
      assertThat(response).as(path).startsWith("HTTP/1.1 400").contains("NAME_INVALID");
    }
    String tags = raw(open, "GET /v2/../x/tags/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        new byte[0], false);
    assertThat(tags).startsWith("HTTP/1.1 400").contains("NAME_INVALID");
  }

  // ---- tokens --------------------------------------------------------------------------------

  static String b64(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }

  static String b64(String s) { return b64(s.getBytes(StandardCharsets.UTF_8)); }

  static JsonNode claims(String jwt) {
    return Json.read(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), JsonNode.class);
  }

  /** A token from the registry's own endpoint (anonymous: pull only). */
  static String anonymousPullToken(String repo) throws Exception {
    var challenge = send(tokened, "GET", "/v2/", Map.of(), null);
    String www = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
    var service = java.util.regex.Pattern.compile("service=\"([^\"]*)\"").matcher(www);
    assertThat(service.find()).as(www).isTrue();
    var r = send(tokened, "GET", "/token?service=" + java.net.URLEncoder.encode(service.group(1), StandardCharsets.UTF_8)
        + "&scope=repository:" + repo + ":pull", Map.of(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).path("token").asText();
  }

  /** Signs {@code claims} with the registry's own key (its --root/token-key.pem), as ES256 or RS256. */
  static String sign(String header, String claims) throws Exception {
    String pem = Files.readString(tokened.root().resolve("token-key.pem"));
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    boolean ec = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).contains("ES256");
    PrivateKey key = KeyFactory.getInstance(ec ? "EC" : "RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    Signature sig = Signature.getInstance(ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
    sig.initSign(key);
    String input = header + "." + claims;
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(sig.sign());
  }

  static void assertUnauthorized(HttpResponse<String> r) {
    assertError(r, 401, "UNAUTHORIZED");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=\"http://127.0.0.1:"
        + tokened.port() + "/token\"");
  }

  @Test
  void bad_forged_and_expired_bearer_tokens_are_401_unauthorized_with_a_challenge() throws Exception {
    State tokenedBefore = State.of(tokened);
    String valid = anonymousPullToken("team/x");
    assertThat(send(tokened, "GET", "/v2/team/x/tags/list", Map.of("Authorization", "Bearer " + valid), null).statusCode())
        .as("the genuine token works (the repository is just empty)").isEqualTo(404);
    String[] parts = valid.split("\\.");

    // forged: the grants widened to push, the signature kept
    String widened = claims(valid).toString().replace("[\"pull\"]", "[\"pull\",\"push\"]");
    assertThat(widened).contains("push");
    String forged = parts[0] + "." + b64(widened) + "." + parts[2];
    // alg none: no signature at all
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(widened) + ".";
    // expired: signed with the registry's own key, but an hour past its exp
    long past = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
    String expiredClaims = claims(valid).toString()
        .replaceAll("\"exp\":\\d+", "\"exp\":" + (past + 3600 - 7200))
        .replaceAll("\"nbf\":\\d+", "\"nbf\":" + past).replaceAll("\"iat\":\\d+", "\"iat\":" + past)
        .replace("[\"pull\"]", "[\"pull\",\"push\"]");
    String expired = sign(parts[0], b64(expiredClaims));
    // the same claims, not expired, signed with the key: accepted (the test's signing is right)
    String fresh = sign(parts[0], b64(widened));
    String location = null;
    try {
      for (String bad : List.of("garbage", "a.b.c", forged, none, expired, valid.substring(0, valid.length() - 4))) {
        assertUnauthorized(send(tokened, "POST", "/v2/team/x/blobs/uploads/", Map.of("Authorization", "Bearer " + bad), null));
        assertUnauthorized(send(tokened, "GET", "/v2/team/x/tags/list", Map.of("Authorization", "Bearer " + bad), null));
      }
      assertUnauthorized(send(tokened, "POST", "/v2/team/x/blobs/uploads/", Map.of("Authorization", "Bearer " + valid), null));
      assertUnauthorized(send(tokened, "POST", "/v2/team/x/blobs/uploads/", Map.of("Authorization", "Basic " + b64("alice:nope")),
          null));
      var accepted = send(tokened, "POST", "/v2/team/x/blobs/uploads/", Map.of("Authorization", "Bearer " + fresh), null);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      location = accepted.headers().firstValue("Location").orElseThrow();
    } finally {
      if (location != null) {
        send(tokened, "DELETE", location, Map.of("Authorization", "Bearer " + fresh), null);
      }
    }
    assertThat(State.of(tokened)).isEqualTo(tokenedBefore);
  }
}
