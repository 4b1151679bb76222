package io.berth.registry;

import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/** {@code GET/HEAD/DELETE /v2/<name>/blobs/<digest>}. */
final class BlobRoutes {
  private final Registry registry;

  BlobRoutes(Registry registry) {
    this.registry = registry;
  }

  /** Streams a blob linked in {@code name} (or one of its manifests), honouring a single Range. */
  void get(Exchange ex, RepositoryName name, String digestText) throws IOException {
    Digest digest = digest(digestText);
    if (ex.method().equals("HEAD") && !registry.config().readOnly()) {
      // A pusher's "does the repository have it?": it will reference the blob without uploading it,
      // so its link counts as recent for garbage collection from now on.
      registry.index().touchLink(name.value(), digest, registry.config().gcGrace().toMillis() / 2);
    }
    long size = servableSize(name, digest).orElseThrow(() -> unknown(digest));
    Headers h = RegistryHandler.headers()
        .set("Docker-Content-Digest", digest.toString())
        .set("Content-Type", "application/octet-stream")
        .set("Accept-Ranges", "bytes")
        .set("ETag", "\"" + digest + "\"")
        .set("Cache-Control", "max-age=31536000");
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ex.headers().first("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      h.set("Content-Range", "bytes */" + size);
      ex.respond(416, h, new byte[0]);
      return;
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(registry.blobs().path(digest), StandardOpenOption.READ);
    } catch (NoSuchFileException | io.berth.oci.errors.BerthException.NotFound e) {
      // Deleted by garbage collection between the index lookup and the open.
      throw unknown(digest);
    }
    try (ch) {
      long first = range.map(ByteRange::first).orElse(0L);
      long length = range.map(ByteRange::length).orElse(size);
      range.ifPresent(r -> h.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size));
      OutputStream out = ex.respondFixedLength(range.isPresent() ? 206 : 200, h, length);
      if (ex.method().equals("HEAD")) return;
      ch.position(first);
      InputStream in = Channels.newInputStream(ch);
      byte[] buf = new byte[128 * 1024];
      for (long left = length; left > 0; ) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) break;
        out.write(buf, 0, n);
        left -= n;
      }
      out.close();
    }
  }

  /** Unlinks a blob from {@code name}; the bytes stay until garbage collection finds them unreferenced. */
  void delete(Exchange ex, RepositoryName name, String digestText) throws IOException {
    Digest digest = digest(digestText);
    if (!registry.index().unlinkBlob(name.value(), digest)) throw unknown(digest);
    ex.respond(202, RegistryHandler.headers().set("Docker-Content-Digest", digest.toString()), new byte[0]);
  }

  /** A blob's size when {@code name} may serve it: linked there, or one of its manifests. */
  Optional<Long> servableSize(RepositoryName name, Digest digest) {
    Optional<Long> linked = registry.index().linkedBlob(name.value(), digest);
    if (linked.isPresent()) return registry.blobs().exists(digest) ? linked : Optional.empty();
    return registry.index().manifest(name.value(), digest).map(m -> m.size());
  }

  static Digest digest(String text) {
    if (!Digest.isDigest(text)) throw ErrorCode.DIGEST_INVALID.error("invalid digest: " + text, Map.of("digest", text));
    return Digest.parse(text);
  }

  static RegistryException unknown(Digest digest) {
    return ErrorCode.BLOB_UNKNOWN.error("blob unknown to registry", Map.of("digest", digest.toString()));
  }
}
