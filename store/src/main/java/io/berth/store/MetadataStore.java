package io.berth.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactional metadata (images, tags, layers, snapshots, containers) in one SQLite database in WAL
 * mode. The schema and its version are documented in {@code store/README.md} and created or migrated
 * by {@link #open}; each engine package owns the rows of its tables and reads/writes them with plain
 * JDBC inside {@link #read} or {@link #write}.
 *
 * <p>Thread-safety: {@link #write} calls are serialised (one writer, as SQLite wants); {@link #read}
 * calls may run concurrently with each other and with a writer (WAL).
 *
 * <p>Errors: an {@link SQLException} from the work is wrapped in {@code BerthException.Internal};
 * a {@code BerthException} thrown by the work propagates unchanged and rolls the transaction back.
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * Opens the SQLite database at {@code dbFile}, creating it and applying pending migrations
   * (see store/README.md for the schema and its version).
   *
   * @throws io.berth.oci.errors.BerthException.Internal when it cannot be opened or migrated
   * @throws io.berth.oci.errors.BerthException.Unavailable when the database is newer than this build
   */
  static SqliteMetadataStore open(Path dbFile) {
    return SqliteMetadataStore.open(dbFile);
  }

  /** Work done with a connection; may throw SQL errors. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs read-only work. */
  <T> T read(SqlWork<T> work);

  /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
  <T> T write(SqlWork<T> work);

  /** The schema version this database is at. */
  int schemaVersion();

  @Override void close();
}
