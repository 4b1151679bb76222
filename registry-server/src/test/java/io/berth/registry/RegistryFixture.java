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

/** A registry on an ephemeral port in a temp root, and a java.net.http client with helpers for the route tests. */
abstract class RegistryFixture {
  @TempDir Path root;
  RegistryServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- helpers ----

  HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + ((Endpoint.Tcp) server.endpoint()).port() + path);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String header(HttpResponse<byte[]> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static void assertError(HttpResponse<byte[]> r, int status, String code) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
    if (r.body().length > 0) assertThat(text(r)).contains("\"code\":\"" + code + "\"");
  }

  Digest pushBlob(String repo, byte[] data) throws Exception {
    Digest d = Digest.sha256(data);
    var r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, data);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    return d;
  }

  byte[] imageManifest(String mediaType, Digest config, long configSize, Digest layer, long layerSize, String extra) {
    String configType = mediaType.equals(MediaTypes.DOCKER_MANIFEST) ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG;
    String layerType = mediaType.equals(MediaTypes.DOCKER_MANIFEST) ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP;
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":{\"mediaType\":\"" + configType
        + "\",\"digest\":\"" + config + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"" + layerType
        + "\",\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]" + extra + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes a config and a layer and a manifest tagged {@code tag}; returns the manifest's digest. */
  Digest pushImage(String repo, String tag, String mediaType, String extra) throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + repo + ":" + tag).getBytes(StandardCharsets.UTF_8);
    Digest c = pushBlob(repo, config);
    Digest l = pushBlob(repo, layer);
    byte[] manifest = imageManifest(mediaType, c, config.length, l, layer.length, extra);
    var r = send("PUT", "/v2/" + repo + "/manifests/" + tag, manifest, "Content-Type", mediaType);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    return Digest.sha256(manifest);
  }

  long filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) return 0;
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

}
