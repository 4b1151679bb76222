package io.berth.store;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@link ContentStore} on a local directory:
 * <pre>
 *   root/blobs/sha256/&lt;hex&gt;     complete, verified blobs (read-only files)
 *   root/ingest/&lt;ref&gt;/data      partial writes, resumable after a crash
 * </pre>
 * A blob is published by rename(2) from its ingest directory (same filesystem) after its digest
 * and size were checked and its data fsynced, and the rename is made durable by fsyncing
 * {@code blobs/sha256/}. An ingest is locked ({@code flock} on its data file) while open, so one ref
 * has one writer, across processes too.
 *
 * <p>Ingest refs are caller-chosen names made of {@code [A-Za-z0-9_.:@+=-]} (at most 200, not
 * starting with a dot). {@link #put} uses private {@code put-<uuid>} refs, which nobody resumes; the
 * constructor removes those left by a crash.
 */
public final class LocalContentStore implements ContentStore {
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9_:@+=-][A-Za-z0-9_.:@+=-]{0,199}");
  private static final String PUT_PREFIX = "put-";
  static final String DATA = "data";

  private final Path root;
  private final Path blobs;
  private final Path ingests;

  /** Opens (creating when absent) a store under {@code root}. */
  public LocalContentStore(Path root) {
    this.root = root.toAbsolutePath();
    this.blobs = this.root.resolve("blobs");
    this.ingests = this.root.resolve("ingest");
    try {
      Files.createDirectories(blobs.resolve("sha256"));
      Files.createDirectories(ingests);
      removeStalePuts();
    } catch (IOException e) {
      throw BerthException.internal("cannot open content store at " + this.root + ": " + e.getMessage(), e);
    }
  }

  public Path root() { return root; }

  @Override public boolean exists(Digest digest) { return Files.isRegularFile(blobPath(digest)); }

  @Override public long size(Digest digest) {
    try {
      return Files.size(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw noSuchBlob(digest);
    } catch (IOException e) {
      throw BerthException.internal("cannot stat blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw noSuchBlob(digest);
    }
  }

  @Override public Path path(Digest digest) {
    Path p = blobPath(digest);
    if (!Files.isRegularFile(p)) throw noSuchBlob(digest);
    return p;
  }

  @Override public Digest put(InputStream data, Optional<Digest> expected) throws IOException {
    try (Ingest w = ingest(PUT_PREFIX + UUID.randomUUID())) {
      data.transferTo(w.stream());
      return w.commit(expected, -1);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws BerthException.InvalidArgument for a malformed ref
   * @throws BerthException.Conflict when another writer holds {@code ref}
   */
  @Override public Ingest ingest(String ref) throws IOException {
    if (!REF.matcher(ref).matches()) throw BerthException.invalid("invalid ingest ref: %s", ref);
    Path dir = ingests.resolve(ref);
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(DATA),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = tryLock(ch);
      if (lock == null) {
        ch.close();
        throw BerthException.conflict("ingest %s is in use by another writer", ref);
      }
      return new LocalIngest(this, dir, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Removes an ingest's partial data (not while it is open); absent refs are ignored. */
  public void abort(String ref) throws IOException {
    if (!REF.matcher(ref).matches()) throw BerthException.invalid("invalid ingest ref: %s", ref);
    Path dir = ingests.resolve(ref);
    if (!Files.exists(dir)) return;
    try (FileChannel ch = FileChannel.open(dir.resolve(DATA), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      if (tryLock(ch) == null) throw BerthException.conflict("ingest %s is in use by another writer", ref);
      AtomicFiles.deleteRecursively(dir);
    }
  }

  /** Refs that have partial data (for listing and cleaning up). */
  public List<String> ingests() throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(ingests)) {
      for (Path p : ds) out.add(p.getFileName().toString());
    }
    out.sort(null);
    return out;
  }

  /** An ingest {@link #removeIngestsOlderThan} removed: its ref and the bytes it held. */
  public record RemovedIngest(String ref, long bytes) {}

  /**
   * Removes the ingests last written before {@code cutoff} (the modification time of their data):
   * partial downloads kept for a resume that never came. An ingest open by a writer (locked) stays,
   * however old. Returns what was removed, in ref order.
   */
  public List<RemovedIngest> removeIngestsOlderThan(java.time.Instant cutoff) throws IOException {
    List<RemovedIngest> out = new ArrayList<>();
    for (String ref : ingests()) {
      if (!REF.matcher(ref).matches()) continue; // not ours (a stray file): left alone
      Path dir = ingests.resolve(ref);
      Path data = dir.resolve(DATA);
      long bytes;
      java.time.Instant written;
      try {
        Path stamp = Files.exists(data) ? data : dir;
        written = Files.getLastModifiedTime(stamp).toInstant();
        bytes = Files.exists(data) ? Files.size(data) : 0;
      } catch (NoSuchFileException e) {
        continue; // committed or removed meanwhile
      }
      if (!written.isBefore(cutoff)) continue;
      try {
        abort(ref);
        out.add(new RemovedIngest(ref, bytes));
      } catch (BerthException.Conflict e) {
        // being written right now: not stale
      }
    }
    return out;
  }

  /** Every stored blob (for garbage collection), in digest order. */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    try (DirectoryStream<Path> algs = Files.newDirectoryStream(blobs)) {
      for (Path alg : algs) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(alg)) {
          for (Path p : ds) {
            String s = alg.getFileName() + ":" + p.getFileName();
            if (Digest.isDigest(s)) out.add(Digest.parse(s));
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Override public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(blobPath(digest));
  }

  Path blobPath(Digest digest) { return blobs.resolve(digest.algorithm()).resolve(digest.hex()); }

  /** A lock on {@code ch}, or null when another process or (in this JVM) another ingest holds it. */
  static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  static BerthException noSuchBlob(Digest digest) { return BerthException.notFound("no such blob: %s", digest); }

  private void removeStalePuts() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(ingests, PUT_PREFIX + "*")) {
      for (Path dir : ds) {
        try {
          abort(dir.getFileName().toString());
        } catch (BerthException.Conflict e) {
          // Still being written by another process sharing this root: not stale.
        }
      }
    }
  }
}
