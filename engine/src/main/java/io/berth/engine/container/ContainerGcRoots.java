package io.berth.engine.container;

import io.berth.engine.gc.GcRoots;
import java.util.HashSet;
import java.util.Set;

/**
 * Garbage-collection roots of containers: each container's writable snapshot (which keeps the image
 * layers under it) and its image's config (an image a container uses stays, even if untagged). Reads
 * committed rows only.
 */
public final class ContainerGcRoots implements GcRoots {
  private final ContainerStore store;

  public ContainerGcRoots(ContainerStore store) {
    this.store = store;
  }

  @Override public Roots roots() {
    Set<String> snapshots = new HashSet<>();
    Set<io.berth.oci.Digest> blobs = new HashSet<>();
    for (Container c : store.all()) {
      snapshots.add(ContainerService.snapshotKey(c.id()));
      blobs.add(c.imageId());
    }
    return new Roots(blobs, Set.of(), snapshots);
  }
}
