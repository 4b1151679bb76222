package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The endpoints of the OCI distribution spec on one registry host, one method each: manifests
 * (GET/HEAD/PUT), blobs (HEAD, GET with {@code Range}, upload POST → PATCH → PUT, cross-repository
 * mount), {@code tags/list} and {@code _catalog}. Repository names are the registry's ({@code library/busybox}).
 *
 * <p>Thread-safety: safe for concurrent calls (the transport is).
 */
public final class RegistryClient {
  /** Everything an image manifest or index can be, as Docker asks for it. */
  public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.DOCKER_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX);
  /** Blobs up to this size are uploaded with one PUT (POST then PUT with the content). */
  static final long MONOLITHIC_MAX = 1 << 20;

  private final RegistryTransport transport;

  public RegistryClient(RegistryTransport transport) {
    this.transport = transport;
  }

  /** Connects to the registry serving {@code domain} (a reference's domain: docker.io, host:port). */
  public static RegistryClient forDomain(String domain, RegistryHosts hosts, RegistryCredentials credentials) {
    return new RegistryClient(RegistryTransport.connect(RegistryHosts.endpoint(domain), hosts, credentials));
  }

  public RegistryTransport transport() { return transport; }

  /** A manifest as fetched: its media type, digest and bytes. */
  public record FetchedManifest(String mediaType, Digest digest, byte[] bytes) {}

  /** What a HEAD of a manifest tells. */
  public record ManifestHead(String mediaType, Digest digest, long size) {}

  /** A blob body streaming from {@code offset} (0 when the registry ignored the range) of {@code total} bytes. */
  public record BlobStream(InputStream body, long offset, long total) implements AutoCloseable {
    @Override public void close() throws IOException { body.close(); }
  }

  /** Opens blob content for an upload (again, should a retry need it). */
  public interface Source {
    InputStream open() throws IOException;
  }

  private static String pull(String repo) { return "repository:" + repo + ":pull"; }

  private static String push(String repo) { return "repository:" + repo + ":pull,push"; }

  private URI uri(String path) {
    return transport.base().resolve(path);
  }

  // ---- manifests --------------------------------------------------------------------------------

  /** GET /v2/NAME/manifests/REF; the digest is verified when {@code reference} is one. */
  public FetchedManifest getManifest(String repo, String reference) {
    HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Accept", MANIFEST_ACCEPT).GET(), HttpResponse.BodyHandlers.ofByteArray(), pull(repo));
    if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "manifest");
    Digest digest = Digest.sha256(r.body());
    if (Digest.isDigest(reference) && !Digest.parse(reference).equals(digest)) {
      throw BerthException.invalid("manifest verification failed for digest %s", reference);
    }
    String type = r.headers().firstValue("Content-Type").map(RegistryClient::bareType).orElse("");
    if (type.isEmpty() || type.equals("application/json")) type = mediaTypeOf(r.body());
    return new FetchedManifest(type, digest, r.body());
  }

  /** HEAD /v2/NAME/manifests/REF; empty when the registry does not know it. */
  public Optional<ManifestHead> headManifest(String repo, String reference) {
    HttpResponse<Void> r = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Accept", MANIFEST_ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding(), pull(repo));
    if (r.statusCode() == 404) return Optional.empty();
    if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), null, "manifest");
    return Optional.of(new ManifestHead(r.headers().firstValue("Content-Type").map(RegistryClient::bareType).orElse(""),
        Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow(() ->
            BerthException.invalid("registry sent no Docker-Content-Digest"))),
        r.headers().firstValueAsLong("Content-Length").orElse(-1)));
  }

  /** PUT /v2/NAME/manifests/REF; returns the digest the registry stored it under. */
  public Digest putManifest(String repo, String reference, String mediaType, byte[] bytes) {
    HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        HttpResponse.BodyHandlers.ofByteArray(), push(repo));
    if (r.statusCode() != 201 && r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "manifest");
    return r.headers().firstValue("Docker-Content-Digest").filter(Digest::isDigest).map(Digest::parse)
        .orElse(Digest.sha256(bytes));
  }

  // ---- blobs ------------------------------------------------------------------------------------

  /** HEAD /v2/NAME/blobs/DIGEST: its size, or empty when absent. */
  public Optional<Long> headBlob(String repo, Digest digest, boolean forPush) {
    HttpResponse<Void> r = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding(),
        forPush ? push(repo) : pull(repo));
    if (r.statusCode() == 404) return Optional.empty();
    if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), null, "blob");
    return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /** GET /v2/NAME/blobs/DIGEST from byte {@code offset} (a {@code Range} request when above 0). */
  public BlobStream getBlob(String repo, Digest digest, long offset) {
    HttpResponse<InputStream> r = transport.send(() -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/" + digest)).GET();
      if (offset > 0) b.header("Range", "bytes=" + offset + "-");
      return b;
    }, HttpResponse.BodyHandlers.ofInputStream(), pull(repo));
    if (r.statusCode() == 206) {
      long total = r.headers().firstValue("Content-Range").map(RegistryClient::rangeTotal).orElse(-1L);
      return new BlobStream(r.body(), offset, total);
    }
    if (r.statusCode() == 200) {
      return new BlobStream(r.body(), 0, r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }
    byte[] body = readQuietly(r.body());
    throw RegistryErrors.of(r.statusCode(), body, "blob");
  }

  /** A small blob (an image config) read whole and verified. */
  public byte[] getBlobBytes(String repo, Digest digest) {
    try (BlobStream s = getBlob(repo, digest, 0)) {
      byte[] data = s.body().readAllBytes();
      if (!Digest.sha256(data).equals(digest)) {
        throw BerthException.invalid("filesystem layer verification failed for digest %s", digest);
      }
      return data;
    } catch (IOException e) {
      throw new BerthException.Unavailable("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }

  /**
   * POST /v2/NAME/blobs/uploads/?mount=DIGEST&from=REPO: true when the registry mounted the blob;
   * false when it started an ordinary upload instead (which is cancelled here).
   */
  public boolean mountBlob(String repo, Digest digest, String fromRepo) {
    HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/?mount="
        + enc(digest.toString()) + "&from=" + enc(fromRepo))).POST(HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray(), push(repo) + " " + pull(fromRepo));
    if (r.statusCode() == 201) return true;
    if (r.statusCode() == 202) {
      r.headers().firstValue("Location").ifPresent(loc -> transport.send(() -> HttpRequest.newBuilder(uri(loc)).DELETE(),
          HttpResponse.BodyHandlers.discarding(), push(repo)));
      return false;
    }
    throw RegistryErrors.of(r.statusCode(), r.body(), "blob upload");
  }

  /**
   * Uploads blob {@code digest} of {@code size} bytes: POST to start, then one PUT with the content
   * when small, else PATCH with the content and PUT {@code ?digest=}. {@code progress} gets the
   * bytes sent so far.
   */
  public void pushBlob(String repo, Digest digest, long size, Source source, LongConsumer progress) {
    HttpResponse<byte[]> start = transport.send(() -> HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray(), push(repo));
    if (start.statusCode() != 202) throw RegistryErrors.of(start.statusCode(), start.body(), "blob upload");
    String location = location(start);
    if (size <= MONOLITHIC_MAX) {
      finish(repo, withDigest(location, digest), body(source, size, progress));
      return;
    }
    HttpResponse<byte[]> patch = transport.send(() -> HttpRequest.newBuilder(uri(location))
        .header("Content-Type", "application/octet-stream").method("PATCH", body(source, size, progress)),
        HttpResponse.BodyHandlers.ofByteArray(), push(repo));
    if (patch.statusCode() != 202) throw RegistryErrors.of(patch.statusCode(), patch.body(), "blob upload");
    finish(repo, withDigest(location(patch), digest), HttpRequest.BodyPublishers.noBody());
  }

  private void finish(String repo, String location, HttpRequest.BodyPublisher body) {
    HttpResponse<byte[]> put = transport.send(() -> HttpRequest.newBuilder(uri(location))
        .header("Content-Type", "application/octet-stream").PUT(body), HttpResponse.BodyHandlers.ofByteArray(), push(repo));
    if (put.statusCode() != 201) throw RegistryErrors.of(put.statusCode(), put.body(), "blob upload");
  }

  private static HttpRequest.BodyPublisher body(Source source, long size, LongConsumer progress) {
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return new CountingInputStream(source.open(), progress);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), size);
  }

  private static String location(HttpResponse<?> r) {
    return r.headers().firstValue("Location").orElseThrow(() ->
        new BerthException.Unavailable("registry sent no upload Location", null));
  }

  private static String withDigest(String location, Digest digest) {
    return location + (location.contains("?") ? "&" : "?") + "digest=" + enc(digest.toString());
  }

  // ---- tags -------------------------------------------------------------------------------------

  /** GET /v2/NAME/tags/list (following {@code Link} pages). */
  public List<String> tags(String repo) {
    List<String> out = new ArrayList<>();
    String next = "/v2/" + repo + "/tags/list";
    while (next != null) {
      String page = next;
      HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(uri(page)).GET(),
          HttpResponse.BodyHandlers.ofByteArray(), pull(repo));
      if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "tags");
      JsonNode tags = Json.read(r.body(), JsonNode.class).path("tags");
      tags.forEach(t -> out.add(t.asText()));
      next = r.headers().firstValue("Link").map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).orElse(null);
    }
    return out;
  }

  // ---- catalog ----------------------------------------------------------------------------------

  /**
   * GET /v2/_catalog (following {@code Link} pages): every repository of the registry, in its order.
   * Many registries refuse it (Docker Hub does); their error is thrown.
   */
  public List<String> catalog() {
    List<String> out = new ArrayList<>();
    String next = "/v2/_catalog";
    while (next != null) {
      String page = next;
      HttpResponse<byte[]> r = transport.send(() -> HttpRequest.newBuilder(uri(page)).GET(),
          HttpResponse.BodyHandlers.ofByteArray(), "registry:catalog:*");
      if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "catalog");
      Json.read(r.body(), JsonNode.class).path("repositories").forEach(n -> out.add(n.asText()));
      next = r.headers().firstValue("Link").map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).orElse(null);
    }
    return out;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String bareType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
  }

  /** The {@code mediaType} field of a manifest, for registries that answer {@code application/json}. */
  private static String mediaTypeOf(byte[] manifest) {
    JsonNode n = Json.read(manifest, JsonNode.class);
    String t = n.path("mediaType").asText("");
    if (!t.isEmpty()) return t;
    if (n.has("manifests")) return MediaTypes.OCI_INDEX;
    if (n.path("schemaVersion").asInt() == 1) return MediaTypes.DOCKER_MANIFEST_V1;
    return MediaTypes.OCI_MANIFEST;
  }

  private static long rangeTotal(String contentRange) {
    int slash = contentRange.lastIndexOf('/');
    try {
      return slash < 0 ? -1 : Long.parseLong(contentRange.substring(slash + 1).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static byte[] readQuietly(InputStream in) {
    try (in) {
      return in.readNBytes(64 * 1024);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
