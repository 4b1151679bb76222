package io.berth.engine.container;

import io.berth.engine.archive.Change;
import io.berth.engine.archive.OverlayChanges;
import io.berth.engine.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /containers/{id}/changes} ({@code docker diff}): what the container changed in its
 * image's file system, from its writable snapshot and the image's layer snapshots (see {@link
 * OverlayChanges}). Works on running and stopped containers; runs under the container's lock, so the
 * snapshot is not removed meanwhile. Thread-safe.
 */
public final class ContainerDiff {
  private final ContainerService containers;
  private final Snapshotter snapshotter;

  public ContainerDiff(ContainerService containers, Snapshotter snapshotter) {
    this.containers = containers;
    this.snapshotter = snapshotter;
  }

  public List<Change> changes(String ref) {
    return containers.locked(ref, c -> {
      String key = ContainerService.snapshotKey(c.id());
      List<Path> lowers = new ArrayList<>();
      Optional<String> parent = snapshotter.stat(key).flatMap(Snapshotter.Info::parent);
      while (parent.isPresent()) {
        lowers.add(snapshotter.dir(parent.get()));
        parent = snapshotter.stat(parent.get()).flatMap(Snapshotter.Info::parent);
      }
      return OverlayChanges.of(snapshotter.dir(key), lowers);
    });
  }
}
