package io.berth.registry.storage;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Online mark-and-sweep garbage collection of the registry's blobs (and, when asked, of untagged
 * manifests). Unlike the reference registry's, it runs while the registry serves pushes and pulls:
 *
 * <ul>
 *   <li>The mark phase reads the index without locks. Roots are every manifest of every repository
 *       (their own bytes and what {@code manifest_refs} says they reference), blob links younger than
 *       the grace period (a push uploads blobs before its manifest), every link in a repository with
 *       an upload in progress, and blob files younger than the grace period (published but not linked
 *       yet, or written by another process sharing the root).
 *   <li>The sweep works in small batches, each one exclusive section: the exclusive side of
 *       {@link RegistryIndex#publishing}'s lock (in-process pushes wait between "bytes stored" and
 *       "index rows written", pulls never wait) plus one SQLite write transaction (other processes'
 *       writes wait). Inside it every candidate is re-checked against the index as it is now, and
 *       only then are its stale links and its file removed.
 * </ul>
 *
 * A blob that survives the re-check is reported as kept. One collection runs at a time.
 */
public final class GarbageCollector {
  private static final int BATCH = 128;

  /**
   * @param dryRun report what would be removed, remove nothing
   * @param deleteUntagged also remove manifests that no tag reaches (directly, as an index's child, or
   *     as a referrer of such a manifest) and that were pushed before the grace period
   * @param grace links, files and manifests younger than this are roots
   */
  public record Options(boolean dryRun, boolean deleteUntagged, Duration grace) {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    public Options {
      if (grace.isNegative()) throw BerthException.invalid("invalid grace period: %s", grace);
    }
  }

  public record ManifestRef(String repository, Digest digest) {
    @Override public String toString() { return repository + "@" + digest; }
  }

  /** What a run removed (or, dry, would remove); {@code blobsKept} counts the blob files left in place. */
  public record Report(boolean dryRun, List<ManifestRef> manifestsDeleted, List<Digest> blobsDeleted, long bytesFreed,
      int blobsKept) {}

  private final LocalContentStore blobs;
  private final RegistryIndex index;
  private final Supplier<Set<String>> busyRepositories;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  /**
   * @param busyRepositories repositories with upload sessions open now (asked again at each re-check)
   */
  public GarbageCollector(LocalContentStore blobs, RegistryIndex index, Supplier<Set<String>> busyRepositories, Clock clock) {
    this.blobs = blobs;
    this.index = index;
    this.busyRepositories = busyRepositories;
    this.clock = clock;
  }

  /** Collects once; Conflict when a collection is already running. */
  public Report run(Options options) throws IOException {
    if (!running.tryLock()) throw BerthException.conflict("garbage collection is already running");
    try {
      Set<ManifestRef> untagged = options.deleteUntagged() ? untaggedManifests(cutoff(options)) : Set.of();
      List<ManifestRef> deletedManifests = options.dryRun() ? List.copyOf(untagged) : deleteManifests(untagged, options);
      return sweepBlobs(options, options.dryRun() ? untagged : Set.of(), deletedManifests);
    } finally {
      running.unlock();
    }
  }

  private long cutoff(Options options) {
    return clock.millis() - options.grace().toMillis();
  }

  // ---- untagged manifests ----

  private record Row(String repo, String digest, long pushed, String subject) {}

  /** Manifests no tag reaches, pushed before the cutoff. */
  private Set<ManifestRef> untaggedManifests(long cutoff) {
    List<Row> rows = index.read(c -> {
      List<Row> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, digest, pushed, subject FROM manifests");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
      }
      return out;
    });
    Map<ManifestRef, List<ManifestRef>> edges = new HashMap<>();
    Set<ManifestRef> all = new HashSet<>();
    Deque<ManifestRef> work = new ArrayDeque<>();
    for (Row r : rows) {
      ManifestRef m = new ManifestRef(r.repo(), Digest.parse(r.digest()));
      all.add(m);
      if (r.pushed() >= cutoff) work.add(m);
      // A referrer is kept with its subject: an edge subject → referrer.
      if (r.subject() != null) {
        edges.computeIfAbsent(new ManifestRef(r.repo(), Digest.parse(r.subject())), k -> new ArrayList<>()).add(m);
      }
    }
    index.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, digest FROM tags"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) work.add(new ManifestRef(rs.getString(1), Digest.parse(rs.getString(2))));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, manifest, target FROM manifest_refs");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          edges.computeIfAbsent(new ManifestRef(rs.getString(1), Digest.parse(rs.getString(2))), k -> new ArrayList<>())
              .add(new ManifestRef(rs.getString(1), Digest.parse(rs.getString(3))));
        }
      }
      return null;
    });
    Set<ManifestRef> reached = new HashSet<>();
    while (!work.isEmpty()) {
      ManifestRef m = work.poll();
      if (reached.add(m)) work.addAll(edges.getOrDefault(m, List.of()));
    }
    Set<ManifestRef> out = new java.util.TreeSet<>(java.util.Comparator.comparing(ManifestRef::toString));
    for (ManifestRef m : all) if (!reached.contains(m)) out.add(m);
    return out;
  }

  private List<ManifestRef> deleteManifests(Set<ManifestRef> candidates, Options options) {
    List<ManifestRef> deleted = new ArrayList<>();
    List<ManifestRef> list = new ArrayList<>(candidates);
    for (int i = 0; i < list.size(); i += BATCH) {
      List<ManifestRef> batch = list.subList(i, Math.min(list.size(), i + BATCH));
      exclusive(c -> {
        long cutoff = cutoff(options);
        for (ManifestRef m : batch) {
          if (stillUntagged(c, m, candidates, cutoff)) {
            String d = m.digest().toString();
            IndexDatabase.update(c, "DELETE FROM manifests WHERE repo = ? AND digest = ?", m.repository(), d);
            IndexDatabase.update(c, "DELETE FROM manifest_refs WHERE repo = ? AND manifest = ?", m.repository(), d);
            deleted.add(m);
          }
        }
        return null;
      });
    }
    return deleted;
  }

  /** Still there, old, untagged, and referenced only by other candidates (a list pushed meanwhile keeps it). */
  private static boolean stillUntagged(Connection c, ManifestRef m, Set<ManifestRef> candidates, long cutoff)
      throws SQLException {
    String d = m.digest().toString();
    List<String> pushed = IndexDatabase.strings(c, "SELECT pushed FROM manifests WHERE repo = ? AND digest = ? AND pushed < ?",
        m.repository(), d, cutoff);
    if (pushed.isEmpty()) return false;
    if (!IndexDatabase.strings(c, "SELECT tag FROM tags WHERE repo = ? AND digest = ? LIMIT 1", m.repository(), d).isEmpty()) {
      return false;
    }
    for (String parent : IndexDatabase.strings(c, "SELECT manifest FROM manifest_refs WHERE repo = ? AND target = ?",
        m.repository(), d)) {
      if (!candidates.contains(new ManifestRef(m.repository(), Digest.parse(parent)))) return false;
    }
    return true;
  }

  // ---- blobs ----

  private Report sweepBlobs(Options options, Set<ManifestRef> ignored, List<ManifestRef> deletedManifests)
      throws IOException {
    long cutoff = cutoff(options);
    Set<String> busy = busyRepositories.get();
    Set<String> marked = index.read(c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, digest FROM manifests"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!ignored.contains(new ManifestRef(rs.getString(1), Digest.parse(rs.getString(2))))) out.add(rs.getString(2));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, manifest, target FROM manifest_refs");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!ignored.contains(new ManifestRef(rs.getString(1), Digest.parse(rs.getString(2))))) out.add(rs.getString(3));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT repo, digest, linked FROM blob_links");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(3) >= cutoff || busy.contains(rs.getString(1))) out.add(rs.getString(2));
        }
      }
      return out;
    });
    List<Digest> candidates = new ArrayList<>();
    int kept = 0;
    for (Digest d : blobs.list()) {
      if (marked.contains(d.toString()) || !oldFile(d, cutoff)) {
        kept++;
      } else {
        candidates.add(d);
      }
    }
    List<Digest> deleted = new ArrayList<>();
    long[] bytes = {0};
    if (options.dryRun()) {
      for (Digest d : candidates) bytes[0] += sizeOrZero(d);
      return new Report(true, deletedManifests, candidates, bytes[0], kept);
    }
    for (int i = 0; i < candidates.size(); i += BATCH) {
      List<Digest> batch = candidates.subList(i, Math.min(candidates.size(), i + BATCH));
      exclusive(c -> {
        long now = cutoff(options);
        Set<String> busyNow = busyRepositories.get();
        for (Digest d : batch) {
          if (!unreferenced(c, d, now, busyNow) || !oldFile(d, now)) continue;
          long size = sizeOrZero(d);
          // Inside the write transaction, so no writer (of any process) links it between the re-check
          // and the delete. Should the commit fail afterwards, the stale links name a missing file,
          // which the routes already answer as BLOB_UNKNOWN.
          IndexDatabase.update(c, "DELETE FROM blob_links WHERE digest = ?", d.toString());
          try {
            blobs.delete(d);
          } catch (IOException e) {
            throw new SQLException("cannot delete blob " + d + ": " + e.getMessage(), e);
          }
          deleted.add(d);
          bytes[0] += size;
        }
        return null;
      });
    }
    return new Report(false, deletedManifests, deleted, bytes[0], kept + candidates.size() - deleted.size());
  }

  /** The index as it is inside the write transaction: no manifest is or references {@code d}, no link is recent or busy. */
  private static boolean unreferenced(Connection c, Digest d, long cutoff, Set<String> busy) throws SQLException {
    String s = d.toString();
    if (!IndexDatabase.strings(c, "SELECT repo FROM manifests WHERE digest = ? LIMIT 1", s).isEmpty()) return false;
    if (!IndexDatabase.strings(c, "SELECT repo FROM manifest_refs WHERE target = ? LIMIT 1", s).isEmpty()) return false;
    try (PreparedStatement ps = c.prepareStatement("SELECT repo, linked FROM blob_links WHERE digest = ?")) {
      ps.setString(1, s);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(2) >= cutoff || busy.contains(rs.getString(1))) return false;
        }
      }
    }
    return true;
  }

  /** True when the blob's file was last written before the cutoff (a file just published may not be linked yet). */
  private boolean oldFile(Digest d, long cutoff) {
    try {
      return Files.getLastModifiedTime(file(d)).toMillis() < cutoff;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private long sizeOrZero(Digest d) {
    try {
      return Files.size(file(d));
    } catch (IOException e) {
      return 0;
    }
  }

  private Path file(Digest d) {
    return blobs.root().resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  /** One short exclusive section: in-process pushes wait (pulls do not), other processes' writes wait on SQLite. */
  private void exclusive(IndexDatabase.Work<Void> work) {
    index.gcLock().writeLock().lock();
    try {
      index.write(work);
    } finally {
      index.gcLock().writeLock().unlock();
    }
  }
}
