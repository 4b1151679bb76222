package io.berth.registry;

import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.registry.storage.UploadSessions;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob pushes: {@code POST /v2/<name>/blobs/uploads/} (a session, a monolithic {@code ?digest=}
 * upload, or a {@code ?mount=&from=} cross-repository mount), then {@code PATCH}, {@code GET}
 * (status), {@code PUT ?digest=} (finish) and {@code DELETE} (cancel) on the session's URL.
 * A blob becomes visible in the repository only after its digest was verified.
 */
final class UploadRoutes {
  private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");
  private final Registry registry;

  UploadRoutes(Registry registry) {
    this.registry = registry;
  }

  void post(Exchange ex, RepositoryName name) throws IOException {
    Optional<String> mount = ex.query().get("mount");
    if (mount.isPresent() && tryMount(ex, name, BlobRoutes.digest(mount.get()), ex.query().get("from"))) return;
    Optional<String> digestParam = ex.query().get("digest");
    if (digestParam.isPresent()) {
      Digest expected = BlobRoutes.digest(digestParam.get());
      // The body streams into a private ingest first; only the commit and the link hold off GC.
      try (ContentStore.Ingest w = registry.blobs().ingest("put-" + UUID.randomUUID())) {
        ex.body().transferTo(w.stream());
        registry.index().publishing(() -> {
          Digest actual = verified(expected, () -> w.commit(Optional.of(expected), -1));
          created(ex, name, actual);
          return null;
        });
      }
      return;
    }
    UploadSessions.Session s = registry.uploads().start(name.value());
    Headers h = sessionHeaders(name, s.id(), 0);
    if (registry.config().chunkMinLength() > 0) h.set("OCI-Chunk-Min-Length", Long.toString(registry.config().chunkMinLength()));
    ex.respond(202, h, new byte[0]);
  }

  /** Links a blob of {@code from} into {@code name}: 201, true; false when it cannot be mounted (then a 202 upload follows). */
  private boolean tryMount(Exchange ex, RepositoryName name, Digest digest, Optional<String> from) throws IOException {
    if (from.isEmpty() || !RepositoryName.valid(from.get())) return false;
    return registry.index().publishing(() -> {
      // Checked under the lock: GC cannot take the source's blob between the check and the link.
      if (registry.index().linkedBlob(from.get(), digest).isEmpty() || !registry.blobs().exists(digest)) return false;
      created(ex, name, digest);
      return true;
    });
  }

  void status(Exchange ex, RepositoryName name, String id) throws IOException {
    UploadSessions.Session s = session(name, id);
    ex.respond(204, sessionHeaders(name, id, s.offset()), new byte[0]);
  }

  void patch(Exchange ex, RepositoryName name, String id) throws IOException {
    UploadSessions.Session s = session(name, id);
    s.lock().lock();
    try {
      checkActive(s);
      checkRange(ex, name, s);
      long offset = s.append(ex.body());
      ex.respond(202, sessionHeaders(name, id, offset), new byte[0]);
    } finally {
      s.lock().unlock();
    }
  }

  void put(Exchange ex, RepositoryName name, String id) throws IOException {
    UploadSessions.Session s = session(name, id);
    Digest expected = BlobRoutes.digest(ex.query().get("digest")
        .orElseThrow(() -> ErrorCode.DIGEST_INVALID.error("the digest query parameter is required to finish an upload", null)));
    s.lock().lock();
    try {
      checkActive(s);
      checkRange(ex, name, s);
      s.append(ex.body());
      registry.index().publishing(() -> {
        Digest actual = verified(expected, () -> s.commit(expected));
        created(ex, name, actual);
        return null;
      });
    } finally {
      s.lock().unlock();
    }
  }

  void cancel(Exchange ex, RepositoryName name, String id) throws IOException {
    UploadSessions.Session s = session(name, id);
    s.lock().lock();
    try {
      checkActive(s);
      s.cancel();
    } finally {
      s.lock().unlock();
    }
    ex.respond(204, RegistryHandler.headers(), new byte[0]);
  }

  @FunctionalInterface
  private interface Commit {
    Digest run() throws IOException;
  }

  /** Runs a verified commit; a mismatch (nothing was published) is DIGEST_INVALID. */
  private static Digest verified(Digest expected, Commit commit) throws IOException {
    try {
      return commit.run();
    } catch (BerthException.InvalidArgument e) {
      throw ErrorCode.DIGEST_INVALID.error(e.getMessage(), Map.of("digest", expected.toString()));
    }
  }

  /** Links the committed blob into the repository and answers 201. */
  private void created(Exchange ex, RepositoryName name, Digest digest) throws IOException {
    registry.index().linkBlob(name.value(), digest, registry.blobs().size(digest));
    ex.respond(201, RegistryHandler.headers()
        .set("Location", "/v2/" + name + "/blobs/" + digest)
        .set("Docker-Content-Digest", digest.toString()), new byte[0]);
  }

  /** A chunk must start where the upload stands (the spec's 416 otherwise) and match its Content-Length. */
  private void checkRange(Exchange ex, RepositoryName name, UploadSessions.Session s) {
    Optional<String> header = ex.headers().first("Content-Range");
    if (header.isEmpty()) return;
    Matcher m = CONTENT_RANGE.matcher(header.get().strip());
    long offset = s.offset();
    if (!m.matches()) {
      throw outOfOrder(name, s, "invalid Content-Range: " + header.get());
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    if (first != offset || last < first - 1) {
      throw outOfOrder(name, s, "chunk " + first + "-" + last + " does not start at the upload's offset " + offset);
    }
    Optional<String> length = ex.headers().first("Content-Length");
    if (length.isPresent() && !length.get().strip().equals(Long.toString(last - first + 1))) {
      throw outOfOrder(name, s, "Content-Range " + header.get() + " does not match Content-Length " + length.get());
    }
  }

  private RegistryException outOfOrder(RepositoryName name, UploadSessions.Session s, String message) {
    RegistryException e = ErrorCode.BLOB_UPLOAD_INVALID.error(416, message, null);
    sessionHeaders(name, s.id(), s.offset()).forEach(e::with);
    return e;
  }

  private UploadSessions.Session session(RepositoryName name, String id) {
    return registry.uploads().find(name.value(), id).orElseThrow(() -> unknownUpload(id));
  }

  private static void checkActive(UploadSessions.Session s) {
    if (!s.active()) throw unknownUpload(s.id());
  }

  private static RegistryException unknownUpload(String id) {
    return ErrorCode.BLOB_UPLOAD_UNKNOWN.error("blob upload unknown to registry", Map.of("uuid", id));
  }

  /** Location, Range ({@code 0-<last byte>}, "0-0" when empty, as the reference registry sends) and the upload's id. */
  private static Headers sessionHeaders(RepositoryName name, String id, long offset) {
    return RegistryHandler.headers()
        .set("Location", "/v2/" + name + "/blobs/uploads/" + id)
        .set("Range", "0-" + Math.max(0, offset - 1))
        .set("Docker-Upload-UUID", id);
  }

}
