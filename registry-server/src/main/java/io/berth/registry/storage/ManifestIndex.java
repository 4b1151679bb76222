package io.berth.registry.storage;

import io.berth.oci.Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Manifests and tags: {@code manifests} (with subject, artifact type and annotations for the
 * referrers API), {@code manifest_refs} (what each manifest references, for garbage collection) and
 * {@code tags}.
 */
final class ManifestIndex {
  private final IndexDatabase db;

  ManifestIndex(IndexDatabase db) {
    this.db = db;
  }

  // ---- manifests and tags ----

  /**
   * Records a manifest (its bytes already stored) with the digests it references, and points
   * {@code tag} at it when given. Re-pushing the same manifest is harmless.
   */
  void putManifest(String repo, ManifestRecord m, Collection<Digest> references, Optional<String> tag) {
    db.write(c -> {
      db.ensureRepository(c, repo);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO manifests(repo, digest, media_type, size, subject,"
          + " artifact_type, annotations, pushed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(repo, digest) DO UPDATE SET"
          + " media_type = excluded.media_type, subject = excluded.subject, artifact_type = excluded.artifact_type,"
          + " annotations = excluded.annotations")) {
        ps.setString(1, repo);
        ps.setString(2, m.digest().toString());
        ps.setString(3, m.mediaType());
        ps.setLong(4, m.size());
        ps.setString(5, m.subject().map(Digest::toString).orElse(null));
        ps.setString(6, m.artifactType().orElse(null));
        ps.setString(7, m.annotationsJson().orElse(null));
        ps.setLong(8, db.now());
        ps.executeUpdate();
      }
      for (Digest d : references) {
        IndexDatabase.update(c, "INSERT INTO manifest_refs(repo, manifest, target) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            repo, m.digest().toString(), d.toString());
      }
      if (tag.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags(repo, tag, digest, updated) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT(repo, tag) DO UPDATE SET digest = excluded.digest, updated = excluded.updated")) {
          ps.setString(1, repo);
          ps.setString(2, tag.get());
          ps.setString(3, m.digest().toString());
          ps.setLong(4, db.now());
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  Optional<ManifestRecord> manifest(String repo, Digest digest) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT digest, media_type, size, subject, artifact_type, annotations"
          + " FROM manifests WHERE repo = ? AND digest = ?")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(record(rs)) : Optional.empty();
        }
      }
    });
  }

  Optional<Digest> resolveTag(String repo, String tag) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM tags WHERE repo = ? AND tag = ?")) {
        ps.setString(1, repo);
        ps.setString(2, tag);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  /** Deletes a manifest and every tag pointing at it; false when the repository has no such manifest. */
  boolean deleteManifest(String repo, Digest digest) {
    return db.write(c -> {
      String d = digest.toString();
      if (IndexDatabase.update(c, "DELETE FROM manifests WHERE repo = ? AND digest = ?", repo, d) == 0) return false;
      IndexDatabase.update(c, "DELETE FROM tags WHERE repo = ? AND digest = ?", repo, d);
      IndexDatabase.update(c, "DELETE FROM manifest_refs WHERE repo = ? AND manifest = ?", repo, d);
      return true;
    });
  }

  /** Deletes a tag (not its manifest); false when there was no such tag. */
  boolean deleteTag(String repo, String tag) {
    return db.write(c -> IndexDatabase.update(c, "DELETE FROM tags WHERE repo = ? AND tag = ?", repo, tag) > 0);
  }

  /** Up to {@code limit} tags after {@code last} (exclusive), in byte order. */
  List<String> tags(String repo, Optional<String> last, int limit) {
    return db.read(c -> IndexDatabase.strings(c, "SELECT tag FROM tags WHERE repo = ? AND tag > ? ORDER BY tag LIMIT ?",
        repo, last.orElse(""), limit));
  }

  /** Manifests of {@code repo} whose {@code subject} is {@code subject}, in digest order. */
  List<ManifestRecord> referrers(String repo, Digest subject) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT digest, media_type, size, subject, artifact_type, annotations"
          + " FROM manifests WHERE repo = ? AND subject = ? ORDER BY digest")) {
        ps.setString(1, repo);
        ps.setString(2, subject.toString());
        List<ManifestRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(record(rs));
        }
        return out;
      }
    });
  }

  /** When the manifest was (last) pushed to {@code repo}. */
  Optional<Instant> manifestPushed(String repo, Digest digest) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pushed FROM manifests WHERE repo = ? AND digest = ?")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
        }
      }
    });
  }

  static ManifestRecord record(ResultSet rs) throws SQLException {
    String subject = rs.getString(4);
    return new ManifestRecord(Digest.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
        Optional.ofNullable(subject).map(Digest::parse), Optional.ofNullable(rs.getString(5)),
        Optional.ofNullable(rs.getString(6)));
  }

}
