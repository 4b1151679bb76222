package io.berth.registry.storage;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The registry's index in one SQLite database ({@code <root>/registry.db}, WAL): which repositories
 * exist, which blobs each repository may serve (a blob is served only in repositories it was pushed
 * or mounted to, as in the reference registry), the manifests of each repository with what they
 * reference, and tags. Blob and manifest bytes are in the content store; a row is only written after
 * the bytes it names were verified and made durable, so the index never names missing content.
 * The schema is in registry-server/README.md.
 *
 * <p>This class is the one entry point; the work is split by responsibility: {@link IndexDatabase}
 * (file, schema, connections, transactions), {@link BlobLinks} (blob links), {@link ManifestIndex}
 * (manifests, their references, tags, referrers) and {@link BrowseQueries} (catalog and web page).
 * Garbage collection's queries live with the collector ({@link GarbageCollector}).
 *
 * <p>Thread-safety: writes are serialised on one connection (SQLite has one writer anyway); reads
 * use pooled read-only connections and see the last committed state (WAL). Code that publishes
 * bytes and then links them runs inside {@link #publishing} so that garbage collection (which
 * takes the exclusive side around its final re-check and delete) never sees the bytes without
 * their link.
 */
public final class RegistryIndex implements AutoCloseable {
  static final int SCHEMA_VERSION = IndexDatabase.SCHEMA_VERSION;

  private final IndexDatabase db;
  private final BlobLinks links;
  private final ManifestIndex manifests;
  private final BrowseQueries browse;
  // Shared: a push between "bytes are there" and "the index names them"; exclusive: GC's sweep.
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();

  /** Something that publishes bytes and links them (see {@link #publishing}). */
  @FunctionalInterface
  public interface Publish<T> {
    T run() throws IOException;
  }

  private RegistryIndex(IndexDatabase db) {
    this.db = db;
    this.links = new BlobLinks(db);
    this.manifests = new ManifestIndex(db);
    this.browse = new BrowseQueries(db);
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
      return new RegistryIndex(new IndexDatabase(abs, clock));
    } catch (IOException | SQLException e) {
      throw BerthException.internal("cannot open registry index " + abs + ": " + e.getMessage(), e);
    }
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

  long now() { return db.now(); }

  // ---- blobs (BlobLinks) ----

  /**
   * Makes {@code digest} (already stored and verified) servable in {@code repo}, or refreshes the
   * link's time when it was there (a re-push or mount counts as recent for garbage collection).
   */
  public void linkBlob(String repo, Digest digest, long size) { links.linkBlob(repo, digest, size); }

  /**
   * Marks the link of {@code digest} in {@code repo} as used now when it is older than
   * {@code olderThanMillis} (a client that checked the blob exists is about to rely on it in a
   * manifest push). A no-op for missing links.
   */
  public void touchLink(String repo, Digest digest, long olderThanMillis) { links.touchLink(repo, digest, olderThanMillis); }

  /** The size of a blob linked in {@code repo}. */
  public Optional<Long> linkedBlob(String repo, Digest digest) { return links.linkedBlob(repo, digest); }

  /** Removes a blob's link from {@code repo}; false when it was not linked. The bytes stay for GC. */
  public boolean unlinkBlob(String repo, Digest digest) { return links.unlinkBlob(repo, digest); }

  // ---- manifests and tags (ManifestIndex) ----

  /**
   * Records a manifest (its bytes already stored) with the digests it references, and points
   * {@code tag} at it when given. Re-pushing the same manifest is harmless.
   */
  public void putManifest(String repo, ManifestRecord m, Collection<Digest> references, Optional<String> tag) {
    manifests.putManifest(repo, m, references, tag);
  }

  public Optional<ManifestRecord> manifest(String repo, Digest digest) { return manifests.manifest(repo, digest); }

  public Optional<Digest> resolveTag(String repo, String tag) { return manifests.resolveTag(repo, tag); }

  /** Deletes a manifest and every tag pointing at it; false when the repository has no such manifest. */
  public boolean deleteManifest(String repo, Digest digest) { return manifests.deleteManifest(repo, digest); }

  /** Deletes a tag (not its manifest); false when there was no such tag. */
  public boolean deleteTag(String repo, String tag) { return manifests.deleteTag(repo, tag); }

  /** Up to {@code limit} tags after {@code last} (exclusive), in byte order. */
  public List<String> tags(String repo, Optional<String> last, int limit) { return manifests.tags(repo, last, limit); }

  /** Manifests of {@code repo} whose {@code subject} is {@code subject}, in digest order. */
  public List<ManifestRecord> referrers(String repo, Digest subject) { return manifests.referrers(repo, subject); }

  /** When the manifest was (last) pushed to {@code repo}. */
  public Optional<Instant> manifestPushed(String repo, Digest digest) { return manifests.manifestPushed(repo, digest); }

  // ---- repositories, catalog, web page (BrowseQueries) ----

  public boolean repositoryExists(String repo) { return browse.repositoryExists(repo); }

  /** Up to {@code limit} repositories holding at least one manifest, after {@code last}, in byte order. */
  public List<String> repositories(Optional<String> last, int limit) { return browse.repositories(last, limit); }

  /**
   * Up to {@code limit} repositories holding at least one manifest, in byte order, with their tag
   * count and last push (for the web page).
   */
  public List<RepositorySummary> repositorySummaries(int limit) { return browse.repositorySummaries(limit); }

  /** Up to {@code limit} tags of {@code repo} with their digests, in byte order (for the web page). */
  public List<TagEntry> tagEntries(String repo, int limit) { return browse.tagEntries(repo, limit); }

  @Override public void close() { db.close(); }

  // ---- for the collector (same package) ----

  <T> T write(IndexDatabase.Work<T> work) { return db.write(work); }

  <T> T read(IndexDatabase.Work<T> work) { return db.read(work); }
}
