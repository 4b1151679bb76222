package io.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a daemon's data root holds on disk, measured from outside: {@code du}-style usage (GNU du:
 * allocated blocks, hard links counted once, one file system, so mounted container root filesystems
 * are not walked), the snapshot directories and blob files present, and what the metadata database
 * references (read with a read-only SQLite connection beside the running daemon).
 */
final class StoreOnDisk {
  private final Path dataRoot;

  StoreOnDisk(Path dataRoot) {
    this.dataRoot = dataRoot;
  }

  /** Bytes allocated under {@code paths} together ({@code du -x -s -c -B1}: a file linked twice counts once). */
  static long du(List<Path> paths) {
    var cmd = new ArrayList<>(List.of("du", "-x", "-s", "-c", "-B1"));
    for (Path p : paths) cmd.add(p.toString());
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(cmd + " failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      String[] lines = out.strip().split("\n");
      return Long.parseLong(lines[lines.length - 1].split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long du() { return du(List.of(dataRoot)); }

  Path snapshots() { return dataRoot.resolve("snapshots"); }

  /** Names of the directories under {@code snapshots/}. */
  Set<String> snapshotDirs() { return names(snapshots()); }

  /** Hex names of the files under {@code content/blobs/sha256/}. */
  Set<String> blobFiles() { return names(dataRoot.resolve("content/blobs/sha256")); }

  /** The snapshot directory numbers the {@code snapshots} table names. */
  Set<String> referencedSnapshotDirs() {
    return query("SELECT id FROM snapshots");
  }

  /** Blobs the metadata references: image configs and manifests, layers' source blobs. */
  Set<String> referencedBlobs() {
    Set<String> out = new TreeSet<>();
    for (String d : query("SELECT id FROM images UNION SELECT manifest_digest FROM images WHERE manifest_digest IS NOT NULL"
        + " UNION SELECT blob_digest FROM layers WHERE blob_digest IS NOT NULL")) {
      out.add(d.substring(d.indexOf(':') + 1));
    }
    return out;
  }

  /** Rows of the one-column query {@code sql}. */
  Set<String> query(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataRoot.resolve("berth.db") + "?mode=ro");
        var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      Set<String> out = new TreeSet<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + dataRoot.resolve("berth.db") + ": " + e.getMessage(), e);
    }
  }

  /** The overlay upper directories mounted from this data root (one per running container). */
  List<Path> mountedUpperDirs() {
    try {
      List<Path> out = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        int i = line.indexOf("upperdir=" + snapshots());
        if (i < 0) continue;
        String rest = line.substring(i + "upperdir=".length());
        int end = rest.indexOf(',');
        out.add(Path.of(end < 0 ? rest : rest.substring(0, end)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> names(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new TreeSet<>();
      s.forEach(p -> out.add(p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
