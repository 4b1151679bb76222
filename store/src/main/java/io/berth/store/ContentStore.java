package io.berth.store;

import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed blob storage (manifests, configs, compressed layers), as laid out on disk under
 * {@code <root>/blobs/sha256/<hex>} with partial writes under {@code <root>/ingest/<ref>/}.
 *
 * <p>Lifecycle: a blob is written through an {@link Ingest}; its digest is computed while
 * streaming and checked against the expected digest (if any) before the file is renamed into
 * {@code blobs/}. A blob that is visible is always complete and verified. Concurrent ingests of the
 * same content are safe: the last rename wins with identical bytes.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 *
 * <p>Errors: {@code NotFound} for an absent blob; {@code InvalidArgument} when written bytes do not
 * match the expected digest or size (the partial data is discarded); {@code Conflict} when an ingest
 * ref is already open by another writer.
 *
 * @see <a href="../../../../../../shared/specs/oci-image-spec/descriptor.md">OCI descriptor</a>
 */
public interface ContentStore {

  boolean exists(Digest digest);

  /** Size in bytes of a stored blob. */
  long size(Digest digest);

  /** Opens a stored blob for reading. */
  InputStream open(Digest digest) throws IOException;

  /** The file that holds a stored blob (read-only use; never write to it). */
  Path path(Digest digest);

  /** Stores {@code data} entirely and returns its digest; verifies it when {@code expected} is given. */
  Digest put(InputStream data, Optional<Digest> expected) throws IOException;

  default Digest put(byte[] data) throws IOException {
    return put(new java.io.ByteArrayInputStream(data), Optional.of(Digest.sha256(data)));
  }

  /** Starts (or resumes, when {@code ref} already has partial data) a streaming write. */
  Ingest ingest(String ref) throws IOException;

  /** Removes a blob; absent blobs are ignored. */
  void delete(Digest digest) throws IOException;

  /** A streaming write in progress. Close without commit to abandon it (the partial data is removed). */
  interface Ingest extends AutoCloseable {
    /** Bytes written so far (including resumed data). */
    long offset();

    OutputStream stream();

    /**
     * Verifies (when given; {@code expectedSize < 0} means unknown) and publishes the blob; returns
     * its digest. After commit, or a failed verification, the ingest is finished.
     */
    Digest commit(Optional<Digest> expected, long expectedSize) throws IOException;

    /**
     * Releases the ingest but keeps its partial data, so that a later {@link #ingest} of the same ref
     * resumes after it (an interrupted download fetches only the rest). A no-op once finished.
     */
    void suspend() throws IOException;

    /**
     * The {@link #offset()} bytes already written (those of a resumed ingest, before any new write),
     * e.g. to replay them into a consumer of the whole blob.
     */
    InputStream written() throws IOException;

    @Override void close() throws IOException;
  }
}
