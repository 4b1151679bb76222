package io.berth.registry.storage;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.sqlite.SQLiteConfig;

/**
 * The registry's index in one SQLite database ({@code <root>/registry.db}, WAL): which repositories
 * exist, which blobs each repository may serve (a blob is served only in repositories it was pushed
 * or mounted to, as in the reference registry), the manifests of each repository with what they
 * reference, and tags. Blob and manifest bytes are in the content store; a row is only written after
 * the bytes it names were verified and made durable, so the index never names missing content.
 * The schema is in registry-server/README.md.
 *
 * <p>Thread-safety: writes are serialised on one connection (SQLite has one writer anyway); reads
 * use pooled read-only connections and see the last committed state (WAL). Code that publishes
 * bytes and then links them runs inside {@link #publishing} so that garbage collection (which
 * takes the exclusive side around its final re-check and delete) never sees the bytes without
 * their link.
 */
public final class RegistryIndex implements AutoCloseable {
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
  // Shared: a push between "bytes are there" and "the index names them"; exclusive: GC's sweep.
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Something that publishes bytes and links them (see {@link #publishing}). */
  @FunctionalInterface
  public interface Publish<T> {
    T run() throws IOException;
  }

  private RegistryIndex(Path file, Clock clock) throws SQLException {
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

  /** Opens (creating) the index at {@code file}. */
  public static RegistryIndex open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** Opens (creating) the index at {@code file}; link and push times come from {@code clock}. */
  public static RegistryIndex open(Path file, Clock clock) {
    Path abs = file.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      return new RegistryIndex(abs, clock);
    } catch (IOException | SQLException e) {
      throw BerthException.internal("cannot open registry index " + abs + ": " + e.getMessage(), e);
    }
  }

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

  /**
   * Runs {@code work} (publish bytes, then write the rows naming them) so that garbage collection's
   * final re-check and delete happen wholly before or wholly after it. Pushes share this side;
   * only the collector's short sweep excludes them. Pulls never take it.
   */
  public <T> T publishing(Publish<T> work) throws IOException {
    gcLock.readLock().lock();
    try {
      return work.run();
    } finally {
      gcLock.readLock().unlock();
    }
  }

  ReentrantReadWriteLock gcLock() { return gcLock; }

  long now() { return clock.millis(); }

  // ---- blobs ----

  /**
   * Makes {@code digest} (already stored and verified) servable in {@code repo}, or refreshes the
   * link's time when it was there (a re-push or mount counts as recent for garbage collection).
   */
  public void linkBlob(String repo, Digest digest, long size) {
    write(c -> {
      ensureRepository(c, repo);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_links(repo, digest, size, linked) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT(repo, digest) DO UPDATE SET linked = MAX(linked, excluded.linked)")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        ps.setLong(3, size);
        ps.setLong(4, now());
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
  public void touchLink(String repo, Digest digest, long olderThanMillis) {
    long now = now();
    boolean stale = read(c -> {
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
      write(c -> update(c, "UPDATE blob_links SET linked = ? WHERE repo = ? AND digest = ? AND linked < ?",
          now, repo, digest.toString(), now - olderThanMillis));
    }
  }

  /** The size of a blob linked in {@code repo}. */
  public Optional<Long> linkedBlob(String repo, Digest digest) {
    return read(c -> {
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
  public boolean unlinkBlob(String repo, Digest digest) {
    return write(c -> update(c, "DELETE FROM blob_links WHERE repo = ? AND digest = ?", repo, digest.toString()) > 0);
  }

  // ---- manifests and tags ----

  /**
   * Records a manifest (its bytes already stored) with the digests it references, and points
   * {@code tag} at it when given. Re-pushing the same manifest is harmless.
   */
  public void putManifest(String repo, ManifestRecord m, Collection<Digest> references, Optional<String> tag) {
    write(c -> {
      ensureRepository(c, repo);
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
        ps.setLong(8, now());
        ps.executeUpdate();
      }
      for (Digest d : references) {
        update(c, "INSERT INTO manifest_refs(repo, manifest, target) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            repo, m.digest().toString(), d.toString());
      }
      if (tag.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags(repo, tag, digest, updated) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT(repo, tag) DO UPDATE SET digest = excluded.digest, updated = excluded.updated")) {
          ps.setString(1, repo);
          ps.setString(2, tag.get());
          ps.setString(3, m.digest().toString());
          ps.setLong(4, now());
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  public Optional<ManifestRecord> manifest(String repo, Digest digest) {
    return read(c -> {
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

  public Optional<Digest> resolveTag(String repo, String tag) {
    return read(c -> {
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
  public boolean deleteManifest(String repo, Digest digest) {
    return write(c -> {
      String d = digest.toString();
      if (update(c, "DELETE FROM manifests WHERE repo = ? AND digest = ?", repo, d) == 0) return false;
      update(c, "DELETE FROM tags WHERE repo = ? AND digest = ?", repo, d);
      update(c, "DELETE FROM manifest_refs WHERE repo = ? AND manifest = ?", repo, d);
      return true;
    });
  }

  /** Deletes a tag (not its manifest); false when there was no such tag. */
  public boolean deleteTag(String repo, String tag) {
    return write(c -> update(c, "DELETE FROM tags WHERE repo = ? AND tag = ?", repo, tag) > 0);
  }

  /** Up to {@code limit} tags after {@code last} (exclusive), in byte order. */
  public List<String> tags(String repo, Optional<String> last, int limit) {
    return read(c -> strings(c, "SELECT tag FROM tags WHERE repo = ? AND tag > ? ORDER BY tag LIMIT ?",
        repo, last.orElse(""), limit));
  }

  public boolean repositoryExists(String repo) {
    return read(c -> !strings(c, "SELECT name FROM repositories WHERE name = ? LIMIT ?", repo, 1).isEmpty());
  }

  /** Up to {@code limit} repositories holding at least one manifest, after {@code last}, in byte order. */
  public List<String> repositories(Optional<String> last, int limit) {
    return read(c -> strings(c, "SELECT name FROM repositories r WHERE name > ?"
        + " AND EXISTS (SELECT 1 FROM manifests m WHERE m.repo = r.name) ORDER BY name LIMIT ?", last.orElse(""), limit));
  }

  /** Manifests of {@code repo} whose {@code subject} is {@code subject}, in digest order. */
  public List<ManifestRecord> referrers(String repo, Digest subject) {
    return read(c -> {
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

  /**
   * Up to {@code limit} repositories holding at least one manifest, in byte order, with their tag
   * count and last push (for the web page).
   */
  public List<RepositorySummary> repositorySummaries(int limit) {
    return read(c -> {
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
  public List<TagEntry> tagEntries(String repo, int limit) {
    return read(c -> {
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

  /** When the manifest was (last) pushed to {@code repo}. */
  public Optional<Instant> manifestPushed(String repo, Digest digest) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pushed FROM manifests WHERE repo = ? AND digest = ?")) {
        ps.setString(1, repo);
        ps.setString(2, digest.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
        }
      }
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

  // ---- plumbing ----

  private static ManifestRecord record(ResultSet rs) throws SQLException {
    String subject = rs.getString(4);
    return new ManifestRecord(Digest.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
        Optional.ofNullable(subject).map(Digest::parse), Optional.ofNullable(rs.getString(5)),
        Optional.ofNullable(rs.getString(6)));
  }

  private void ensureRepository(Connection c, String repo) throws SQLException {
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
