package io.berth.engine.image;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code images} and {@code tags} tables (store/README.md). Tags are full normalised references
 * ({@code docker.io/library/busybox:latest}); an image without tags is "dangling".
 */
public final class ImageStore {
  private final MetadataStore db;

  public ImageStore(MetadataStore db) {
    this.db = db;
  }

  public MetadataStore db() { return db; }

  /** Inserts the image if new (same config = same image) and points {@code tags} at it. */
  public void put(ImageRow row, List<String> tags) {
    db.write(conn -> {
      try (PreparedStatement ins = conn.prepareStatement(
          "INSERT OR IGNORE INTO images(id, manifest_digest, size, created) VALUES (?,?,?,?)")) {
        ins.setString(1, row.id().toString());
        ins.setString(2, row.manifestDigest().map(Digest::toString).orElse(null));
        ins.setLong(3, row.size());
        ins.setLong(4, row.created().toEpochMilli());
        ins.executeUpdate();
      }
      for (String tag : tags) setTag(conn, tag, row.id());
      return null;
    });
  }

  public void tag(String ref, Digest imageId) {
    db.write(conn -> {
      setTag(conn, ref, imageId);
      return null;
    });
  }

  private static void setTag(Connection conn, String ref, Digest imageId) throws SQLException {
    try (PreparedStatement up = conn.prepareStatement(
        "INSERT INTO tags(ref, image_id, created) VALUES (?,?,?) "
            + "ON CONFLICT(ref) DO UPDATE SET image_id = excluded.image_id, created = excluded.created")) {
      up.setString(1, ref);
      up.setString(2, imageId.toString());
      up.setLong(3, System.currentTimeMillis());
      up.executeUpdate();
    }
  }

  public boolean untag(String ref) {
    return db.write(conn -> {
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM tags WHERE ref = ?")) {
        del.setString(1, ref);
        return del.executeUpdate() > 0;
      }
    });
  }

  /**
   * Records the digested reference {@code ref} ({@code domain/path@sha256:…}, a manifest the image was
   * pulled by or pushed as) for image {@code imageId}; it moves from another image if it named one.
   */
  public void addRepoDigest(String ref, Digest imageId) {
    db.write(conn -> {
      try (PreparedStatement up = conn.prepareStatement(
          "INSERT INTO repo_digests(ref, image_id, created) VALUES (?,?,?) "
              + "ON CONFLICT(ref) DO UPDATE SET image_id = excluded.image_id WHERE image_id <> excluded.image_id")) {
        up.setString(1, ref);
        up.setString(2, imageId.toString());
        up.setLong(3, System.currentTimeMillis());
        up.executeUpdate();
      }
      return null;
    });
  }

  /** The digested references of image {@code id} (full form), oldest first. */
  public List<String> repoDigestsOf(Digest id) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement(
          "SELECT ref FROM repo_digests WHERE image_id = ? ORDER BY created, ref")) {
        q.setString(1, id.toString());
        try (ResultSet rs = q.executeQuery()) {
          var out = new ArrayList<String>();
          while (rs.next()) out.add(rs.getString(1));
          return out;
        }
      }
    });
  }

  /** The image a digested reference (full form) names. */
  public Optional<Digest> resolveRepoDigest(String ref) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT image_id FROM repo_digests WHERE ref = ?")) {
        q.setString(1, ref);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  public boolean removeRepoDigest(String ref) {
    return db.write(conn -> {
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM repo_digests WHERE ref = ?")) {
        del.setString(1, ref);
        return del.executeUpdate() > 0;
      }
    });
  }

  /** Deletes an image row; its tags must be gone already. */
  public void delete(Digest id) {
    db.write(conn -> {
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM repo_digests WHERE image_id = ?")) {
        del.setString(1, id.toString());
        del.executeUpdate();
      }
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM tags WHERE image_id = ?")) {
        del.setString(1, id.toString());
        del.executeUpdate();
      }
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM images WHERE id = ?")) {
        del.setString(1, id.toString());
        del.executeUpdate();
      }
      return null;
    });
  }

  /** Records that image {@code id} was made from image {@code parent} (a commit). */
  public void setParent(Digest id, Digest parent) {
    db.write(conn -> {
      try (PreparedStatement up = conn.prepareStatement("UPDATE images SET parent = ? WHERE id = ?")) {
        up.setString(1, parent.toString());
        up.setString(2, id.toString());
        up.executeUpdate();
      }
      return null;
    });
  }

  /** The image {@code id} was committed from, if recorded (schema v2). */
  /** The images whose parent is {@code id} (the builder's and commit's children). */
  public List<Digest> childrenOf(Digest id) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT id FROM images WHERE parent = ?")) {
        q.setString(1, id.toString());
        List<Digest> out = new java.util.ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) out.add(Digest.parse(rs.getString(1)));
        }
        return out;
      }
    });
  }

  /** Every image that is some image's parent. */
  public java.util.Set<Digest> parents() {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT DISTINCT parent FROM images WHERE parent IS NOT NULL");
          ResultSet rs = q.executeQuery()) {
        java.util.Set<Digest> out = new java.util.HashSet<>();
        while (rs.next()) out.add(Digest.parse(rs.getString(1)));
        return out;
      }
    });
  }

  public Optional<Digest> parentOf(Digest id) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT parent FROM images WHERE id = ?")) {
        q.setString(1, id.toString());
        try (ResultSet rs = q.executeQuery()) {
          String p = rs.next() ? rs.getString(1) : null;
          return p == null ? Optional.<Digest>empty() : Optional.of(Digest.parse(p));
        }
      }
    });
  }

  public Optional<ImageRow> get(Digest id) {
    return db.read(conn -> rows(conn, "SELECT * FROM images WHERE id = ?", id.toString()).stream().findFirst());
  }

  public List<ImageRow> all() {
    return db.read(conn -> rows(conn, "SELECT * FROM images ORDER BY created DESC, id"));
  }

  /** IDs starting with {@code hexPrefix} (without "sha256:"). */
  public List<ImageRow> byPrefix(String hexPrefix) {
    return db.read(conn -> rows(conn, "SELECT * FROM images WHERE id LIKE ?", "sha256:" + hexPrefix + "%"));
  }

  public Optional<Digest> resolveTag(String ref) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT image_id FROM tags WHERE ref = ?")) {
        q.setString(1, ref);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  public List<String> tagsOf(Digest id) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT ref FROM tags WHERE image_id = ? ORDER BY created, ref")) {
        q.setString(1, id.toString());
        try (ResultSet rs = q.executeQuery()) {
          var out = new ArrayList<String>();
          while (rs.next()) out.add(rs.getString(1));
          return out;
        }
      }
    });
  }

  private static List<ImageRow> rows(Connection conn, String sql, String... args) throws SQLException {
    try (PreparedStatement q = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) q.setString(i + 1, args[i]);
      try (ResultSet rs = q.executeQuery()) {
        var out = new ArrayList<ImageRow>();
        while (rs.next()) {
          String m = rs.getString("manifest_digest");
          out.add(new ImageRow(Digest.parse(rs.getString("id")),
              m == null ? Optional.empty() : Optional.of(Digest.parse(m)),
              rs.getLong("size"), Instant.ofEpochMilli(rs.getLong("created"))));
        }
        return out;
      }
    }
  }

  static BerthException noSuchImage(String ref) {
    return BerthException.notFound("No such image: %s", ref);
  }
}
