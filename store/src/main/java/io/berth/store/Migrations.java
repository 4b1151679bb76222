package io.berth.store;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schema migrations: the numbered resources {@code schema-v1.sql}, {@code schema-v2.sql}, … next to
 * this class, each applied once, in order, in its own transaction, and recorded in
 * {@code schema_version(version, applied)}. A migration never changes once released; a schema
 * change is a new file (and a new section in store/README.md).
 */
final class Migrations {
  private Migrations() {}

  /** The highest version this build knows: the last schema-vN.sql on the class path. */
  static int latest() {
    int v = 0;
    while (script(v + 1).isPresent()) v++;
    return v;
  }

  /** Brings the database to {@link #latest()}; returns the resulting version. */
  static int migrate(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
          + "version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)");
    }
    int current = current(c);
    int latest = latest();
    if (current > latest) {
      throw new BerthException.Unavailable(("metadata database is at schema version %d, newer than this "
          + "berth supports (%d)").formatted(current, latest), null);
    }
    for (int v = current + 1; v <= latest; v++) apply(c, v, script(v).orElseThrow());
    return latest;
  }

  static int current(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void apply(Connection c, int version, String script) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement st = c.createStatement()) {
        for (String sql : statements(script)) st.executeUpdate(sql);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version(version, applied) VALUES (?, ?)")) {
        ps.setInt(1, version);
        ps.setLong(2, System.currentTimeMillis());
        ps.executeUpdate();
      }
      c.setAutoCommit(true); // commits
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      c.setAutoCommit(true);
      throw e;
    }
  }

  /** Splits a script on ';' at line ends, dropping '--' comment lines. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) continue;
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) out.add(cur.toString().strip());
    return out;
  }

  private static Optional<String> script(int version) {
    try (InputStream in = Migrations.class.getResourceAsStream("schema-v" + version + ".sql")) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
