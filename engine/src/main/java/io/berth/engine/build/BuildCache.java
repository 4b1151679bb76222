package io.berth.engine.build;

import io.berth.oci.Digest;
import io.berth.store.MetadataStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The build cache: step key → the image the step produced, in the metadata store (schema v3). An
 * entry whose image is gone (deleted by {@code rmi} or a prune) is a miss and is dropped when met.
 */
public final class BuildCache {
  /** One cache entry as {@code system df} and {@code builder prune} see it. */
  public record Entry(String key, Digest imageId, Optional<Digest> parent, String createdBy, long created,
      long lastUsed) {
    /** The ID df and prune show: the key's first 25 hex digits, as BuildKit's record IDs look. */
    public String id() {
      return Digest.parse(key).hex().substring(0, 25);
    }
  }

  private final MetadataStore db;

  public BuildCache(MetadataStore db) {
    this.db = db;
  }

  /** The image recorded for {@code key}, if it still exists ({@code exists} asks the image store). */
  public Optional<Digest> lookup(String key, Predicate<Digest> exists) {
    long[] lastUsed = {0};
    Optional<Digest> hit = db.read(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT image_id, last_used FROM build_cache WHERE key = ?")) {
        q.setString(1, key);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) return Optional.<Digest>empty();
          lastUsed[0] = rs.getLong(2);
          return Optional.of(Digest.parse(rs.getString(1)));
        }
      }
    });
    if (hit.isEmpty()) return hit;
    if (!exists.test(hit.get())) {
      remove(List.of(key));
      return Optional.empty();
    }
    // a write transaction per cached step would be most of a warm build's time: a minute is precise
    // enough for prune --filter until and df's LAST USED
    if (System.currentTimeMillis() - lastUsed[0] < 60_000) return hit;
    db.write(c -> {
      try (PreparedStatement u = c.prepareStatement("UPDATE build_cache SET last_used = ? WHERE key = ?")) {
        u.setLong(1, System.currentTimeMillis());
        u.setString(2, key);
        return u.executeUpdate();
      }
    });
    return hit;
  }

  public void put(String key, Digest image, Optional<Digest> parent, String createdBy) {
    long now = System.currentTimeMillis();
    db.write(c -> {
      try (PreparedStatement u = c.prepareStatement("INSERT INTO build_cache(key, image_id, parent, created_by, created,"
          + " last_used) VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET image_id = excluded.image_id,"
          + " parent = excluded.parent, created_by = excluded.created_by, created = excluded.created,"
          + " last_used = excluded.last_used")) {
        u.setString(1, key);
        u.setString(2, image.toString());
        u.setString(3, parent.map(Digest::toString).orElse(null));
        u.setString(4, createdBy);
        u.setLong(5, now);
        u.setLong(6, now);
        return u.executeUpdate();
      }
    });
  }

  public List<Entry> entries() {
    return db.read(c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT key, image_id, parent, created_by, created, last_used FROM build_cache ORDER BY created");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getString(1), Digest.parse(rs.getString(2)),
              Optional.ofNullable(rs.getString(3)).map(Digest::parse), rs.getString(4), rs.getLong(5), rs.getLong(6)));
        }
      }
      return out;
    });
  }

  public void remove(List<String> keys) {
    db.write(c -> {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM build_cache WHERE key = ?")) {
        for (String k : keys) {
          d.setString(1, k);
          d.addBatch();
        }
        d.executeBatch();
      }
      return null;
    });
  }
}
