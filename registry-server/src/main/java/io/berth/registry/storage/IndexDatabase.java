package io.berth.registry.storage;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The plumbing under {@link RegistryIndex}: the SQLite file ({@code <root>/registry.db}, WAL,
 * {@code synchronous=FULL}), its schema (registry-server/README.md), one writer connection behind a
 * lock (each {@link #write} one IMMEDIATE transaction) and pooled read-only connections that see the
 * last committed state. The query classes ({@link BlobLinks}, {@link ManifestIndex},
 * {@link BrowseQueries}) and the collector's sweep run their SQL through it.
 */
final class IndexDatabase implements AutoCloseable {
  static final int SCHEMA_VERSION = 1;
  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS registry_schema (version INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS repositories (name TEXT PRIMARY KEY, created INTEGER NOT NULL) WITHOUT ROWID",
      "CREATE TABLE IF NOT EXISTS blob_links (repo TEXT NOT NULL, digest TEXT NOT NULL, size INTEGER NOT NULL,"
          + " linked INTEGER NOT NULL, PRIMARY KEY (repo, digest)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS blob_links_by_digest ON blob_links(digest)",
      "CREATE TABLE IF NOT EXISTS manifests (repo TEXT NOT NULL, digest TEXT NOT NULL, media_type TEXT NOT NULL,"
          + " size INTEGER NOT NULL, subject TEXT, artifact_type TEXT, annotations TEXT, pushed INTEGER NOT NULL,"
          + " PRIMARY KEY (repo, digest)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS manifests_by_subject ON manifests(repo, subject)",
      "CREATE INDEX IF NOT EXISTS manifests_by_digest ON manifests(digest)",
      "CREATE TABLE IF NOT EXISTS manifest_refs (repo TEXT NOT NULL, manifest TEXT NOT NULL, target TEXT NOT NULL,"
          + " PRIMARY KEY (repo, manifest, target)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS manifest_refs_by_target ON manifest_refs(target)",
      "CREATE TABLE IF NOT EXISTS tags (repo TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,"
          + " updated INTEGER NOT NULL, PRIMARY KEY (repo, tag)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS tags_by_digest ON tags(repo, digest)");

  private final Path file;
  private final Clock clock;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Opens (creating) the database at {@code file} (absolute, its directory existing). */
  IndexDatabase(Path file, Clock clock) throws SQLException {
    this.file = file;
    this.clock = clock;
    this.writer = connect(false);
    try {
      migrate();
    } catch (SQLException | RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /** Link, push and tag times. */
  long now() { return clock.millis(); }

  private void migrate() throws SQLException {
    write(c -> {
      try (Statement st = c.createStatement()) {
        for (String sql : SCHEMA) st.executeUpdate(sql);
        try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM registry_schema")) {
          int v = rs.next() ? rs.getInt(1) : 0;
          if (v > SCHEMA_VERSION) {
            throw new BerthException.Unavailable("registry index " + file + " is at schema version " + v
                + ", newer than this berth supports (" + SCHEMA_VERSION + ")", null);
          }
          if (v < SCHEMA_VERSION) st.executeUpdate("INSERT INTO registry_schema(version) VALUES (" + SCHEMA_VERSION + ")");
        }
      }
      return null;
    });
  }

  @Override public void close() {
    if (closed) return;
    closed = true;
    writeLock.lock();
    try {
      quietly(writer);
    } finally {
      writeLock.unlock();
    }
    for (Connection c; (c = readers.poll()) != null; ) quietly(c);
  }

  /** Creates {@code repo} (its first blob link or manifest) unless it exists. */
  void ensureRepository(Connection c, String repo) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO repositories(name, created) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, repo);
      ps.setLong(2, now());
      ps.executeUpdate();
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      return ps.executeUpdate();
    }
  }

  static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    }
  }

  <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      if (closed) throw new BerthException.Unavailable("registry index is closed", null);
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw BerthException.internal("registry index write failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  <T> T read(Work<T> work) {
    if (closed) throw new BerthException.Unavailable("registry index is closed", null);
    Connection c = readers.poll();
    try {
      if (c == null) c = connect(true);
      return work.run(c);
    } catch (SQLException e) {
      throw BerthException.internal("registry index read failed: " + e.getMessage(), e);
    } finally {
      if (c != null) {
        if (closed) quietly(c); else readers.add(c);
      }
    }
  }

  private Connection connect(boolean readOnly) throws SQLException {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a client told 201 Created may forget the upload; the index must not forget it on power loss.
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    cfg.setBusyTimeout(10_000);
    cfg.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    if (readOnly) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      }
    }
    return c;
  }

  private static void quietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
