package io.berth.registry.storage;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.ContentStore;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob upload sessions (POST → PATCH… → PUT). Each session is an open ingest
 * {@code upload-<uuid>} in the content store: bytes are appended to {@code ingest/<ref>/data} and
 * hashed as they arrive, and only the final PUT's commit (digest verified) makes a blob visible.
 * Sessions live in memory: a restarted registry has none, and removes the ingests they left
 * behind at start-up, so an interrupted upload never becomes visible and never lingers.
 *
 * <p>Thread-safety: sessions may be used from any thread; requests on one session are serialised by
 * {@link Session#lock()} (a PATCH and a PUT racing on one upload take turns, the loser sees the new
 * offset).
 */
public final class UploadSessions {
  static final String PREFIX = "upload-";

  private final LocalContentStore store;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** Removes the ingests of sessions a previous run left behind. */
  public UploadSessions(LocalContentStore store, Clock clock) throws IOException {
    this.store = store;
    this.clock = clock;
    for (String ref : store.ingests()) {
      if (ref.startsWith(PREFIX)) {
        try {
          store.abort(ref);
        } catch (BerthException.Conflict e) {
          // Held by another live process sharing this root: not ours to remove.
        }
      }
    }
  }

  /** One upload in progress. Hold {@link #lock()} while using it and check {@link #active()}. */
  public final class Session {
    private final String id;
    private final String repo;
    private final long started;
    private final ReentrantLock lock = new ReentrantLock();
    private final ContentStore.Ingest ingest;
    private volatile long touched;
    private volatile boolean active = true;

    private Session(String id, String repo, ContentStore.Ingest ingest) {
      this.id = id;
      this.repo = repo;
      this.ingest = ingest;
      this.started = clock.millis();
      this.touched = started;
    }

    public String id() { return id; }

    public String repo() { return repo; }

    public ReentrantLock lock() { return lock; }

    /** False once finished, cancelled or expired. */
    public boolean active() { return active; }

    /** Bytes received so far. */
    public long offset() { return ingest.offset(); }

    /** Appends everything {@code data} yields; on an I/O error the bytes that arrived stay (resumable). */
    public long append(InputStream data) throws IOException {
      touched = clock.millis();
      try {
        data.transferTo(ingest.stream());
      } finally {
        touched = clock.millis();
      }
      return ingest.offset();
    }

    /**
     * Verifies the upload against {@code expected} and publishes it; the session ends either way.
     *
     * @throws BerthException.InvalidArgument when the bytes do not match (nothing is published)
     */
    public Digest commit(Digest expected) throws IOException {
      end();
      return ingest.commit(Optional.of(expected), -1);
    }

    /** Abandons the upload; its bytes are removed. */
    public void cancel() throws IOException {
      end();
      ingest.close();
    }

    private void end() {
      active = false;
      sessions.remove(id, this);
    }
  }

  /** Starts a session for {@code repo}. */
  public Session start(String repo) throws IOException {
    String id = UUID.randomUUID().toString();
    Session s = new Session(id, repo, store.ingest(PREFIX + id));
    sessions.put(id, s);
    return s;
  }

  /** The active session {@code id} of {@code repo}. */
  public Optional<Session> find(String repo, String id) {
    Session s = sessions.get(id);
    return s != null && s.repo.equals(repo) ? Optional.of(s) : Optional.empty();
  }

  /**
   * Repositories with an upload in progress: garbage collection keeps every blob linked there, since
   * the push's manifest (not yet sent) may reference blobs it uploaded long before.
   */
  public java.util.Set<String> activeRepositories() {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Session s : sessions.values()) out.add(s.repo);
    return out;
  }

  /** Number of active sessions. */
  public int size() { return sessions.size(); }

  /**
   * Cancels sessions idle for longer than {@code maxIdle} (a client that went away mid-push);
   * sessions busy with a request are left alone. Returns how many were removed.
   */
  public int expire(Duration maxIdle) {
    long cutoff = clock.millis() - maxIdle.toMillis();
    int removed = 0;
    for (Session s : sessions.values()) {
      if (s.touched < cutoff && s.lock.tryLock()) {
        try {
          if (s.active && s.touched < cutoff) {
            s.cancel();
            removed++;
          }
        } catch (IOException e) {
          // its directory stays; the next start-up removes it
        } finally {
          s.lock.unlock();
        }
      }
    }
    return removed;
  }

  /** Cancels every session (shutdown). */
  public void closeAll() {
    for (Session s : sessions.values()) {
      s.lock.lock();
      try {
        if (s.active) s.cancel();
      } catch (IOException ignored) {
        // removed at the next start-up
      } finally {
        s.lock.unlock();
      }
    }
  }
}
