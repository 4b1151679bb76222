package io.berth.engine.gc;

import io.berth.oci.errors.BerthException;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Ages out partial downloads. A failed pull keeps its layers' partial blobs ({@code ingest/pull-<hex>},
 * see {@code ImagePuller}) so that the next pull resumes them; one that is never retried would keep
 * them forever. Ingests not written for {@link #DEFAULT_MAX_AGE} (containerd's content GC uses the
 * same day for its ingest expiry) are removed by every collection: at daemon start, after deletions,
 * and by the prunes ({@code system prune}). An ingest open by a writer is never touched (its lock),
 * and collections run exclusively of pulls (their lease), so a resume in progress is safe.
 *
 * <p>{@code clock} is the seam tests move. Thread-safety: call it exclusively (inside
 * {@link Leases#exclusively}), as the collector does.
 */
public final class IngestJanitor {
  /** How long a partial download is kept for a resume. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

  private final LocalContentStore content;
  private final Duration maxAge;
  private final Clock clock;

  public IngestJanitor(LocalContentStore content, Duration maxAge, Clock clock) {
    if (maxAge.isNegative()) throw new IllegalArgumentException("negative max age: " + maxAge);
    this.content = content;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** With the default age and the system clock. */
  public IngestJanitor(LocalContentStore content) {
    this(content, DEFAULT_MAX_AGE, Clock.systemUTC());
  }

  /** Removes the ingests older than the max age; returns them. */
  public List<LocalContentStore.RemovedIngest> sweep() {
    try {
      return content.removeIngestsOlderThan(clock.instant().minus(maxAge));
    } catch (IOException e) {
      throw BerthException.internal("cannot clean up partial downloads: " + e.getMessage(), e);
    }
  }
}
