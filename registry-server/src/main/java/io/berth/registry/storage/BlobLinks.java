package io.berth.registry.storage;

import io.berth.oci.Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Blob links: which blobs a repository may serve ({@code blob_links}; a blob is served only in the
 * repositories it was pushed or mounted to, as in the reference registry) and when each link was
 * last refreshed (garbage collection's grace period).
 */
final class BlobLinks {
  private final IndexDatabase db;

  BlobLinks(IndexDatabase db) {
    this.db = db;
  }

  // ---- blobs ----

  /**
   * Makes {@code digest} (already stored and verified) servable in {@code repo}, or refreshes the
   * link's time when it was there (a re-push or mount counts as recent for garbage collection).
   */
  void linkBlob(String repo, Digest digest, long size) {
    db.write(c -> {
      db.ensureRepository(c, repo);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_links(repo, digest, size, linked) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT(repo, digest) DO UPDATE SET linked = MAX(linked, excluded.linked)")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        ps.setLong(3, size);
        ps.setLong(4, db.now());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Marks the link of {@code digest} in {@code repo} as used now when it is older than
   * {@code olderThanMillis} (a client that checked the blob exists is about to rely on it in a
   * manifest push: garbage collection must not take it meanwhile). A no-op for missing links.
   */
  void touchLink(String repo, Digest digest, long olderThanMillis) {
    long now = db.now();
    boolean stale = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM blob_links WHERE repo = ? AND digest = ? AND linked < ?")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        ps.setLong(3, now - olderThanMillis);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
    if (stale) {
      db.write(c -> IndexDatabase.update(c, "UPDATE blob_links SET linked = ? WHERE repo = ? AND digest = ? AND linked < ?",
          now, repo, digest.toString(), now - olderThanMillis));
    }
  }

  /** The size of a blob linked in {@code repo}. */
  Optional<Long> linkedBlob(String repo, Digest digest) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT size FROM blob_links WHERE repo = ? AND digest = ?")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
      }
    });
  }

  /** Removes a blob's link from {@code repo}; false when it was not linked. The bytes stay for GC. */
  boolean unlinkBlob(String repo, Digest digest) {
    return db.write(c -> IndexDatabase.update(c, "DELETE FROM blob_links WHERE repo = ? AND digest = ?", repo, digest.toString()) > 0);
  }

}
