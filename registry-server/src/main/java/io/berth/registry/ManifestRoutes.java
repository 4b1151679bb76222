package io.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.registry.storage.ManifestRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference>}. */
final class ManifestRoutes {
  private final Registry registry;

  ManifestRoutes(Registry registry) {
    this.registry = registry;
  }

  void get(Exchange ex, RepositoryName name, String refText) throws IOException {
    Reference ref = Reference.parse(refText).orElseThrow(() -> unknown(refText));
    ManifestRecord m = resolve(name, ref);
    Set<String> accepted = accepted(ex);
    boolean negotiates = accepted.stream().anyMatch(ParsedManifest.SUPPORTED::contains);
    byte[] body = read(m.digest());
    if (negotiates && !accepted.contains(m.mediaType())) {
      // An older client asking by tag for a single image gets the linux/amd64 one of a list it cannot read.
      Optional<ManifestRecord> child = ParsedManifest.isIndex(m.mediaType()) && ref instanceof Reference.Tag
          ? platformChild(name, body, accepted) : Optional.empty();
      if (child.isEmpty()) {
        throw ErrorCode.MANIFEST_UNKNOWN.error("manifest of type " + m.mediaType() + " is not acceptable to the client (Accept: "
            + String.join(", ", accepted) + ")", Map.of("reference", refText));
      }
      m = child.get();
      body = read(m.digest());
    }
    Headers h = RegistryHandler.headers()
        .set("Content-Type", m.mediaType())
        .set("Docker-Content-Digest", m.digest().toString())
        .set("ETag", "\"" + m.digest() + "\"");
    if (ex.method().equals("HEAD")) {
      h.set("Content-Length", Long.toString(body.length));
      ex.respond(200, h, new byte[0]);
    } else {
      ex.respond(200, h, body);
    }
  }

  void put(Exchange ex, RepositoryName name, String refText) throws IOException {
    Reference ref = Reference.parse(refText).orElseThrow(() -> refText.indexOf(':') > 0
        ? ErrorCode.DIGEST_INVALID.error("invalid digest: " + refText, Map.of("reference", refText))
        : ErrorCode.MANIFEST_INVALID.error("invalid tag: " + refText, Map.of("reference", refText)));
    byte[] body = readLimited(ex);
    ParsedManifest parsed = ParsedManifest.parse(body, ex.headers().first("Content-Type"));
    Digest digest = Digest.sha256(body);
    if (ref instanceof Reference.ByDigest(Digest expected)) {
      Digest actual = expected.algorithm().equals("sha256") ? digest : hash(expected.algorithm(), body);
      if (!actual.equals(expected)) {
        throw ErrorCode.DIGEST_INVALID.error("manifest digest " + actual + " does not match " + expected, Map.of("digest", expected.toString()));
      }
      digest = expected;
    }
    Digest checked = digest;
    // Check, store and index under the publishing lock: GC cannot take a referenced blob in between.
    Digest stored = registry.index().publishing(() -> store(name, ref, body, parsed, checked));
    Headers h = RegistryHandler.headers()
        .set("Location", "/v2/" + name + "/manifests/" + stored)
        .set("Docker-Content-Digest", stored.toString());
    parsed.subject().ifPresent(s -> h.set("OCI-Subject", s.toString()));
    ex.respond(201, h, new byte[0]);
  }

  private Digest store(RepositoryName name, Reference ref, byte[] body, ParsedManifest parsed, Digest digest) throws IOException {
    List<Map<String, String>> missing = new ArrayList<>();
    for (Digest b : parsed.blobs()) {
      if (registry.index().linkedBlob(name.value(), b).isEmpty() || !registry.blobs().exists(b)) missing.add(Map.of("digest", b.toString()));
    }
    for (Digest c : parsed.children()) {
      if (registry.index().manifest(name.value(), c).isEmpty()) missing.add(Map.of("digest", c.toString()));
    }
    if (!missing.isEmpty()) {
      throw ErrorCode.MANIFEST_BLOB_UNKNOWN.error("manifest references " + missing.size() + " blob(s) or manifest(s) unknown to the"
          + " repository: " + missing.stream().map(e -> e.get("digest")).toList(), missing.size() == 1 ? missing.getFirst() : missing);
    }
    // Bytes first (verified, durable), then the index rows that make them visible.
    Digest stored = registry.blobs().put(new java.io.ByteArrayInputStream(body), Optional.of(digest));
    ManifestRecord record = new ManifestRecord(stored, parsed.mediaType(), body.length, parsed.subject(),
        parsed.artifactType(), parsed.annotationsJson());
    List<Digest> refs = new ArrayList<>(parsed.blobs());
    refs.addAll(parsed.children());
    registry.index().putManifest(name.value(), record, refs,
        ref instanceof Reference.Tag(String tag) ? Optional.of(tag) : Optional.empty());
    return stored;
  }

  void delete(Exchange ex, RepositoryName name, String refText) throws IOException {
    Reference ref = Reference.parse(refText).orElseThrow(() -> unknown(refText));
    boolean deleted = switch (ref) {
      case Reference.Tag(String tag) -> registry.index().deleteTag(name.value(), tag);
      case Reference.ByDigest(Digest d) -> registry.index().deleteManifest(name.value(), d);
    };
    if (!deleted) {
      if (!registry.index().repositoryExists(name.value())) throw nameUnknown(name);
      throw unknown(refText);
    }
    ex.respond(202, RegistryHandler.headers(), new byte[0]);
  }

  private ManifestRecord resolve(RepositoryName name, Reference ref) {
    Optional<Digest> digest = switch (ref) {
      case Reference.Tag(String tag) -> registry.index().resolveTag(name.value(), tag);
      case Reference.ByDigest(Digest d) -> Optional.of(d);
    };
    Optional<ManifestRecord> m = digest.flatMap(d -> registry.index().manifest(name.value(), d));
    if (m.isEmpty()) {
      if (!registry.index().repositoryExists(name.value())) throw nameUnknown(name);
      throw unknown(ref.toString());
    }
    return m.get();
  }

  private Optional<ManifestRecord> platformChild(RepositoryName name, byte[] index, Set<String> accepted) throws IOException {
    JsonNode root = Json.mapper().readTree(index);
    for (JsonNode d : root.path("manifests")) {
      JsonNode p = d.path("platform");
      if (p.path("os").asText().equals("linux") && p.path("architecture").asText().equals("amd64")
          && accepted.contains(d.path("mediaType").asText()) && Digest.isDigest(d.path("digest").asText())) {
        return registry.index().manifest(name.value(), Digest.parse(d.path("digest").asText()));
      }
    }
    return Optional.empty();
  }

  private byte[] read(Digest digest) throws IOException {
    try (InputStream in = registry.blobs().open(digest)) {
      return in.readAllBytes();
    }
  }

  private byte[] readLimited(Exchange ex) throws IOException {
    int max = registry.config().maxManifestBytes();
    Optional<String> length = ex.headers().first("Content-Length");
    if (length.isPresent()) {
      try {
        if (Long.parseLong(length.get().strip()) > max) throw tooLarge(max);
      } catch (NumberFormatException e) {
        // the server's framing already refused a malformed Content-Length
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = ex.body();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) >= 0; ) {
      if (out.size() + n > max) throw tooLarge(max);
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static RegistryException tooLarge(int max) {
    return ErrorCode.MANIFEST_INVALID.error(413, "manifest is larger than the limit of " + max + " bytes", Map.of("limit", max));
  }

  /** The media types in the Accept headers, without parameters. */
  private static Set<String> accepted(Exchange ex) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : ex.headers().all("Accept")) {
      for (String part : v.split(",")) {
        String t = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) out.add(t);
      }
    }
    return out;
  }

  private static Digest hash(String algorithm, byte[] body) {
    try {
      String jca = switch (algorithm) {
        case "sha512" -> "SHA-512";
        default -> "SHA-256";
      };
      return new Digest(algorithm, HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(body)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RegistryException unknown(String ref) {
    return ErrorCode.MANIFEST_UNKNOWN.error("manifest unknown to registry", Map.of("reference", ref));
  }

  static RegistryException nameUnknown(RepositoryName name) {
    return ErrorCode.NAME_UNKNOWN.error("repository name not known to registry", Map.of("name", name.value()));
  }
}
