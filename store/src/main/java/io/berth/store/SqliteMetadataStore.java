package io.berth.store;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * {@link MetadataStore} on one SQLite file in WAL mode (sqlite-jdbc).
 *
 * <p>Connections: one writer, guarded by a {@link ReentrantLock} (SQLite has one writer anyway;
 * serialising in-process avoids SQLITE_BUSY churn), and up to {@value #MAX_READERS} reader
 * connections ({@code PRAGMA query_only}) created on demand; in WAL mode readers see the last
 * committed state and never block the writer. Every connection has {@code foreign_keys=ON},
 * {@code busy_timeout} (for other processes, e.g. the sqlite3 shell) and {@code synchronous=NORMAL}:
 * in WAL mode that keeps the database consistent and every commit durable across a crash or
 * {@code kill -9} of berthd; only an OS crash or power cut may roll back the last commits — and
 * that also ends every container, so nothing running is forgotten. FULL would add an fsync to each
 * commit on the {@code docker run} path (create, start, exit, remove).
 *
 * <p>Nesting: a {@link #write} inside a {@link #write} on the same thread joins the outer
 * transaction; a {@link #read} inside a {@link #write} uses the writer (and sees its uncommitted
 * rows); a {@link #read} inside a {@link #read} reuses the same connection.
 */
public final class SqliteMetadataStore implements MetadataStore {
  static final int MAX_READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Path file;
  private final int version;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
  private final Semaphore readerPermits = new Semaphore(MAX_READERS);
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  private volatile boolean closed;

  private SqliteMetadataStore(Path file) throws SQLException {
    this.file = file;
    this.writer = connect(false);
    try {
      this.version = Migrations.migrate(writer);
    } catch (SQLException | RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Opens (creating and migrating as needed) the database at {@code dbFile}.
   *
   * @throws BerthException.Internal when the file cannot be opened or migrated
   * @throws BerthException.Unavailable when the database is newer than this build
   */
  public static SqliteMetadataStore open(Path dbFile) {
    Path abs = dbFile.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      return new SqliteMetadataStore(abs);
    } catch (IOException | SQLException e) {
      throw BerthException.internal("cannot open metadata database " + abs + ": " + e.getMessage(), e);
    }
  }

  public Path file() { return file; }

  @Override public int schemaVersion() { return version; }

  @Override public <T> T read(SqlWork<T> work) {
    Connection joined = current.get();
    if (joined != null) return runJoined(joined, work, "read");
    checkOpen();
    readerPermits.acquireUninterruptibly();
    Connection c = null;
    try {
      c = borrowReader();
      return runTransaction(c, work, "read");
    } finally {
      if (c != null) returnReader(c);
      readerPermits.release();
    }
  }

  @Override public <T> T write(SqlWork<T> work) {
    if (writeLock.isHeldByCurrentThread()) return runJoined(writer, work, "write");
    checkOpen();
    writeLock.lock();
    try {
      checkOpen();
      return runTransaction(writer, work, "write");
    } finally {
      writeLock.unlock();
    }
  }

  @Override public void close() {
    if (closed) return;
    closed = true;
    writeLock.lock();
    try {
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    for (Connection c; (c = idleReaders.poll()) != null; ) closeQuietly(c);
  }

  private <T> T runTransaction(Connection c, SqlWork<T> work, String what) {
    Connection outer = current.get();
    current.set(c);
    try {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      }
      c.setAutoCommit(true); // commits; leaves no transaction open between calls
      return result;
    } catch (SQLException e) {
      throw BerthException.internal("metadata " + what + " failed: " + e.getMessage(), e);
    } finally {
      if (outer == null) current.remove(); else current.set(outer);
    }
  }

  private static <T> T runJoined(Connection c, SqlWork<T> work, String what) {
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw BerthException.internal("metadata " + what + " failed: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private Connection borrowReader() {
    Connection c = idleReaders.poll();
    if (c != null) return c;
    try {
      return connect(true);
    } catch (SQLException e) {
      throw BerthException.internal("cannot open metadata database " + file + ": " + e.getMessage(), e);
    }
  }

  private void returnReader(Connection c) {
    if (closed) closeQuietly(c);
    else idleReaders.add(c);
    // close() may have drained the queue between the check and the add.
    if (closed && idleReaders.remove(c)) closeQuietly(c);
  }

  private Connection connect(boolean readOnly) throws SQLException {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.enforceForeignKeys(true);
    cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
    // The writer takes the write lock at BEGIN, so a transaction never fails half-way with BUSY
    // when upgrading from a read to a write.
    cfg.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    if (readOnly) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private void checkOpen() {
    if (closed) throw new BerthException.Unavailable("metadata store is closed", null);
  }

  private static void closeQuietly(Connection c) {
    try { c.close(); } catch (SQLException ignored) { /* closing: nothing to recover */ }
  }
}
