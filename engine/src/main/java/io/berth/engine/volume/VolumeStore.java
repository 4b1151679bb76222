package io.berth.engine.volume;

import io.berth.oci.Json;
import io.berth.store.MetadataStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persists volumes (table {@code volumes}, store/README.md schema v6). */
public final class VolumeStore {
  private static final String COLUMNS = "SELECT name, driver, created, anonymous, config FROM volumes";
  private final MetadataStore db;
  private final Path volumesDir;

  /** @param volumesDir {@code <data-root>/volumes}: a volume's mountpoint is {@code <volumesDir>/<name>/_data} */
  public VolumeStore(MetadataStore db, Path volumesDir) {
    this.db = db;
    this.volumesDir = volumesDir;
  }

  /** The JSON form of column {@code config}. */
  record ConfigRow(Map<String, String> labels, Map<String, String> options) {}

  public Path volumesDir() { return volumesDir; }

  /** Inserts {@code v} unless a volume of that name exists; returns the one stored under the name. */
  public Volume insertIfAbsent(Volume v) {
    return db.write(c -> {
      Optional<Volume> existing = query(c, COLUMNS + " WHERE name = ?", v.name()).stream().findFirst();
      if (existing.isPresent()) return existing.get();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO volumes(name, driver, created, anonymous, config) VALUES (?,?,?,?,?)")) {
        ps.setString(1, v.name());
        ps.setString(2, v.driver());
        ps.setLong(3, v.created().toEpochMilli());
        ps.setInt(4, v.anonymous() ? 1 : 0);
        ps.setString(5, Json.string(new ConfigRow(v.labels(), v.options())));
        ps.executeUpdate();
      }
      return v;
    });
  }

  public Optional<Volume> get(String name) {
    return db.read(c -> query(c, COLUMNS + " WHERE name = ?", name).stream().findFirst());
  }

  public List<Volume> all() {
    return db.read(c -> query(c, COLUMNS + " ORDER BY created, name"));
  }

  public void delete(String name) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM volumes WHERE name = ?")) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
      return null;
    });
  }

  private List<Volume> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      List<Volume> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ConfigRow r = Json.mapper().readValue(rs.getString(5), ConfigRow.class);
          String name = rs.getString(1);
          out.add(new Volume(name, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4) != 0,
              r.labels(), r.options(), volumesDir.resolve(name).resolve("_data")));
        }
      } catch (java.io.IOException e) {
        throw new SQLException("unreadable volume row: " + e.getMessage(), e);
      }
      return out;
    }
  }
}
