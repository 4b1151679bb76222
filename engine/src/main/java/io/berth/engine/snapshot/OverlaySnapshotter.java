package io.berth.engine.snapshot;

import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Snapshotter} on overlayfs. Snapshot number {@code n} lives in {@code
 * <root>/snapshots/<n>/fs} (its content, or the upper dir of an active snapshot) and {@code
 * <root>/snapshots/<n>/work} (the overlay workdir, same file system as the upper dir as overlay
 * requires). Numbers, not keys, name the directories: keys are long ({@code sha256:…} chain IDs),
 * and the whole {@code lowerdir=} option must fit in one page.
 *
 * <p>Key, number, parent, kind and creation time are rows of the {@code snapshots} table of the
 * metadata store; every change is one store transaction, and the directory work happens inside it
 * (creation) or is made atomic by a rename inside it (removal renames {@code <n>} to {@code
 * rm-<n>}, deleted after commit). At start-up, directories that no row names (left by a crash) are
 * deleted.
 *
 * <p>Thread-safety: all methods may be called concurrently; changes are serialised by the store.
 */
public final class OverlaySnapshotter implements Snapshotter {
  private static final System.Logger LOG = System.getLogger(OverlaySnapshotter.class.getName());
  /** The kernel copies one page of mount data; the lowerdir list has to fit with the rest. */
  static final int MAX_OPTIONS_LENGTH = Mounts.MAX_DATA_LENGTH;

  private final Path snapshots;
  private final MetadataStore db;
  private final AtomicLong lastId;

  /**
   * Opens the snapshotter over {@code <root>/snapshots} (created when missing), removing
   * directories that no snapshot row names.
   */
  public OverlaySnapshotter(Path root, MetadataStore db) {
    this.snapshots = root.toAbsolutePath().normalize().resolve("snapshots");
    // overlayfs splits its options at ',' and lowerdir at ':'; a root holding them cannot work.
    String s = snapshots.toString();
    if (s.contains(",") || s.contains(":") || s.contains("\\")) {
      throw BerthException.invalid("snapshot root cannot contain ',', ':' or '\\': %s", s);
    }
    this.db = db;
    try {
      Files.createDirectories(snapshots);
    } catch (IOException e) {
      throw BerthException.internal("cannot create " + snapshots + ": " + e.getMessage(), e);
    }
    this.lastId = new AtomicLong(db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM snapshots")) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }));
    removeOrphans();
  }

  /** The directory of snapshot number {@code id} (holds {@code fs} and {@code work}). */
  Path home(long id) {
    return snapshots.resolve(Long.toString(id));
  }

  @Override public Path prepare(String key, Optional<String> parent) {
    requireKey(key);
    return db.write(c -> {
      if (row(c, key).isPresent()) throw BerthException.conflict("snapshot already exists: %s", key);
      if (parent.isPresent()) {
        Row p = row(c, parent.get()).orElseThrow(() -> BerthException.notFound("no such snapshot: %s", parent.get()));
        if (p.kind() != Kind.COMMITTED) {
          throw BerthException.conflict("parent snapshot is not committed: %s", parent.get());
        }
      }
      long id = lastId.incrementAndGet();
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO snapshots(key, id, parent, kind, created) VALUES (?,?,?,?,?)")) {
        ins.setString(1, key);
        ins.setLong(2, id);
        ins.setString(3, parent.orElse(null));
        ins.setString(4, "active");
        ins.setLong(5, System.currentTimeMillis());
        ins.executeUpdate();
      }
      // Inside the transaction: if the directories cannot be made, the row is rolled back.
      Path home = home(id);
      try {
        AtomicFiles.deleteRecursively(home); // a leftover of a crashed run with the same number
        Files.createDirectories(home.resolve("fs"));
        Files.createDirectories(home.resolve("work"));
      } catch (IOException e) {
        throw BerthException.internal("cannot create snapshot " + key + " in " + home + ": " + e.getMessage(), e);
      }
      return home.resolve("fs");
    });
  }

  @Override public Path dir(String key) {
    return home(require(key).id()).resolve("fs");
  }

  @Override public void commit(String name, String activeKey) {
    requireKey(name);
    db.write(c -> {
      Row active = row(c, activeKey).orElseThrow(() -> BerthException.notFound("no such snapshot: %s", activeKey));
      if (active.kind() != Kind.ACTIVE) throw BerthException.conflict("snapshot is not active: %s", activeKey);
      if (row(c, name).isPresent()) throw BerthException.conflict("snapshot already exists: %s", name);
      // An active snapshot has no children (prepare wants a committed parent), so renaming its key
      // breaks no parent reference.
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE snapshots SET key = ?, kind = 'committed', created = ? WHERE key = ?")) {
        up.setString(1, name);
        up.setLong(2, System.currentTimeMillis());
        up.setString(3, activeKey);
        up.executeUpdate();
      }
      return null;
    });
  }

  @Override public void commitOnto(String name, String activeKey, Optional<String> parent) {
    requireKey(name);
    db.write(c -> {
      Row active = row(c, activeKey).orElseThrow(() -> BerthException.notFound("no such snapshot: %s", activeKey));
      if (active.kind() != Kind.ACTIVE) throw BerthException.conflict("snapshot is not active: %s", activeKey);
      if (active.parent().isPresent() && !active.parent().equals(parent)) {
        throw BerthException.conflict("snapshot %s already has parent %s", activeKey, active.parent().get());
      }
      if (row(c, name).isPresent()) throw BerthException.conflict("snapshot already exists: %s", name);
      if (parent.isPresent()) {
        Row p = row(c, parent.get()).orElseThrow(() -> BerthException.notFound("no such snapshot: %s", parent.get()));
        if (p.kind() != Kind.COMMITTED) throw BerthException.conflict("parent snapshot is not committed: %s", parent.get());
      }
      // One statement: the key, kind and parent change together or not at all. The directory keeps
      // its number, so nothing on disk moves.
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE snapshots SET key = ?, kind = 'committed', parent = ?, created = ? WHERE key = ?")) {
        up.setString(1, name);
        up.setString(2, parent.orElse(null));
        up.setLong(3, System.currentTimeMillis());
        up.setString(4, activeKey);
        up.executeUpdate();
      }
      return null;
    });
  }

  @Override public List<Mount> mounts(String key) {
    List<Row> chain = db.read(c -> {
      List<Row> out = new ArrayList<>();
      Optional<Row> r = row(c, key);
      if (r.isEmpty()) throw BerthException.notFound("no such snapshot: %s", key);
      while (r.isPresent()) {
        out.add(r.get());
        if (r.get().parent().isEmpty()) break;
        String parentKey = r.get().parent().get();
        r = row(c, parentKey);
        if (r.isEmpty()) throw BerthException.internal("snapshot " + key + " has a missing parent " + parentKey, null);
      }
      return out;
    });
    Row self = chain.getFirst();
    Path fs = home(self.id()).resolve("fs");
    if (chain.size() == 1) {
      return List.of(new Mount("bind", fs.toString(), List.of("rbind", self.kind() == Kind.ACTIVE ? "rw" : "ro")));
    }
    // Active: the parents are the lowers (top first), the snapshot's own fs the upper. Committed: a
    // read-only view, every layer a lower (overlay takes lowers alone, from one lowerdir up).
    List<Row> lowers = self.kind() == Kind.ACTIVE ? chain.subList(1, chain.size()) : chain;
    StringBuilder lowerdir = new StringBuilder("lowerdir=");
    for (int i = 0; i < lowers.size(); i++) {
      if (i > 0) lowerdir.append(':');
      lowerdir.append(home(lowers.get(i).id()).resolve("fs"));
    }
    List<String> options = new ArrayList<>();
    options.add(lowerdir.toString());
    if (self.kind() == Kind.ACTIVE) {
      options.add("upperdir=" + fs);
      options.add("workdir=" + home(self.id()).resolve("work"));
    }
    int length = String.join(",", options).length();
    if (length > MAX_OPTIONS_LENGTH) {
      throw BerthException.invalid("snapshot %s has too many layers (%d) for overlayfs: its mount options are %d bytes,"
          + " the kernel takes at most %d", key, lowers.size(), length, MAX_OPTIONS_LENGTH);
    }
    return List.of(new Mount("overlay", "overlay", List.copyOf(options)));
  }

  @Override public Optional<Info> stat(String key) {
    return db.read(c -> row(c, key)).map(Row::info);
  }

  @Override public void remove(String key) {
    Optional<Path> doomed = db.write(c -> {
      Optional<Row> r = row(c, key);
      if (r.isEmpty()) return Optional.empty();
      try (PreparedStatement q = c.prepareStatement("SELECT key FROM snapshots WHERE parent = ? LIMIT 1")) {
        q.setString(1, key);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) throw BerthException.conflict("cannot remove snapshot %s: snapshot %s depends on it", key, rs.getString(1));
        }
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM snapshots WHERE key = ?")) {
        del.setString(1, key);
        del.executeUpdate();
      }
      Path home = home(r.get().id());
      Path tomb = snapshots.resolve("rm-" + r.get().id());
      try {
        if (Files.exists(home)) Files.move(home, tomb, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw BerthException.internal("cannot remove snapshot " + key + ": " + e.getMessage(), e);
      }
      return Optional.of(tomb);
    });
    if (doomed.isPresent()) {
      try {
        AtomicFiles.deleteRecursively(doomed.get());
      } catch (IOException e) {
        // The row is gone; the next start-up deletes what is left.
        LOG.log(Level.WARNING, "cannot delete removed snapshot {0}: {1}", doomed.get(), e.getMessage());
      }
    }
  }

  @Override public long usage(String key) {
    Path fs = dir(key);
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    try {
      Files.walkFileTree(fs, new SimpleFileVisitor<>() {
        @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          // Hardlinked files count once.
          if ((attrs.isRegularFile() || attrs.isSymbolicLink())
              && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // removed while walking: not ours to count
        }
      });
    } catch (IOException e) {
      throw BerthException.internal("cannot measure snapshot " + key + ": " + e.getMessage(), e);
    }
    return total[0];
  }

  @Override public List<Info> list() {
    return db.read(c -> {
      List<Info> out = new ArrayList<>();
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT key, id, parent, kind, created FROM snapshots ORDER BY id")) {
        while (rs.next()) out.add(row(rs).info());
      }
      return out;
    });
  }

  // ---- rows --------------------------------------------------------------------------------------

  private record Row(String key, long id, Optional<String> parent, Kind kind, long created) {
    Info info() {
      return new Info(key, parent, kind, created);
    }
  }

  private Row require(String key) {
    return db.read(c -> row(c, key)).orElseThrow(() -> BerthException.notFound("no such snapshot: %s", key));
  }

  private static Optional<Row> row(Connection c, String key) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT key, id, parent, kind, created FROM snapshots WHERE key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    Kind kind = rs.getString(4).equals("active") ? Kind.ACTIVE : Kind.COMMITTED;
    return new Row(rs.getString(1), rs.getLong(2), Optional.ofNullable(rs.getString(3)), kind, rs.getLong(5));
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank()) throw BerthException.invalid("snapshot key must not be empty");
  }

  /** Deletes directories under {@code snapshots/} that no row names: crashes mid-prepare or mid-remove. */
  private void removeOrphans() {
    Set<String> known = new HashSet<>();
    db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM snapshots")) {
        while (rs.next()) known.add(Long.toString(rs.getLong(1)));
      }
      return null;
    });
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
      for (Path p : ds) {
        if (known.contains(p.getFileName().toString())) continue;
        try {
          AtomicFiles.deleteRecursively(p);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot delete orphaned snapshot directory {0}: {1}", p, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("cannot list " + snapshots + ": " + e.getMessage(), e);
    }
  }
}
