package io.berth.registry.storage;

import io.berth.oci.Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Content discovery and the web page's queries: repositories (the catalog), their summaries and tag lists. */
final class BrowseQueries {
  private final IndexDatabase db;

  BrowseQueries(IndexDatabase db) {
    this.db = db;
  }

  boolean repositoryExists(String repo) {
    return db.read(c -> !IndexDatabase.strings(c, "SELECT name FROM repositories WHERE name = ? LIMIT ?", repo, 1).isEmpty());
  }

  /** Up to {@code limit} repositories holding at least one manifest, after {@code last}, in byte order. */
  List<String> repositories(Optional<String> last, int limit) {
    return db.read(c -> IndexDatabase.strings(c, "SELECT name FROM repositories r WHERE name > ?"
        + " AND EXISTS (SELECT 1 FROM manifests m WHERE m.repo = r.name) ORDER BY name LIMIT ?", last.orElse(""), limit));
  }

  /**
   * Up to {@code limit} repositories holding at least one manifest, in byte order, with their tag
   * count and last push (for the web page).
   */
  List<RepositorySummary> repositorySummaries(int limit) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT r.name,"
          + " (SELECT COUNT(*) FROM tags t WHERE t.repo = r.name),"
          + " MAX((SELECT MAX(pushed) FROM manifests m WHERE m.repo = r.name),"
          + "     COALESCE((SELECT MAX(updated) FROM tags t WHERE t.repo = r.name), 0))"
          + " FROM repositories r WHERE EXISTS (SELECT 1 FROM manifests m WHERE m.repo = r.name)"
          + " ORDER BY r.name LIMIT ?")) {
        ps.setInt(1, limit);
        List<RepositorySummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new RepositorySummary(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
        return out;
      }
    });
  }

  /** Up to {@code limit} tags of {@code repo} with their digests, in byte order (for the web page). */
  List<TagEntry> tagEntries(String repo, int limit) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT tag, digest, updated FROM tags WHERE repo = ? ORDER BY tag LIMIT ?")) {
        ps.setString(1, repo);
        ps.setInt(2, limit);
        List<TagEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new TagEntry(rs.getString(1), Digest.parse(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3))));
        }
        return out;
      }
    });
  }

}
