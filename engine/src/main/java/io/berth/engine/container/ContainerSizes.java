package io.berth.engine.container;

import io.berth.engine.snapshot.Snapshotter;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Docker's container sizes: {@code SizeRw}, what the container wrote (its writable snapshot), and
 * {@code SizeRootFs}, that plus every image layer under it. Computing them walks the directories,
 * which is why docker (and berth) only do it when asked ({@code size=1}). Thread-safe.
 */
public final class ContainerSizes {
  /** Bytes written by the container, and the size of its whole root filesystem. */
  public record Size(long rw, long rootFs) {}

  private final Snapshotter snapshotter;
  private final UnaryOperator<String> snapshotKey;

  ContainerSizes(Snapshotter snapshotter, UnaryOperator<String> snapshotKey) {
    this.snapshotter = snapshotter;
    this.snapshotKey = snapshotKey;
  }

  public Size of(Container c) {
    String key = snapshotKey.apply(c.id());
    long rw = usage(key);
    long total = rw;
    Optional<String> parent = snapshotter.stat(key).flatMap(Snapshotter.Info::parent);
    while (parent.isPresent()) {
      total += usage(parent.get());
      parent = snapshotter.stat(parent.get()).flatMap(Snapshotter.Info::parent);
    }
    return new Size(rw, total);
  }

  private long usage(String key) {
    try {
      return snapshotter.usage(key);
    } catch (RuntimeException gone) {
      return 0; // removed meanwhile
    }
  }
}
