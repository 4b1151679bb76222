package io.berth.engine.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Filesystem snapshots in the containerd sense: a chain of read-only committed snapshots (image
 * layers, keyed by chain ID) and active snapshots (a container's writable layer) on top of them.
 *
 * <p>Lifecycle: {@link #prepare} creates an active snapshot whose directory {@link #dir} starts empty
 * and may be written (a layer is unpacked into it), then {@link #commit} turns it read-only under a
 * new key; or, for a container, the active snapshot stays active and {@link #mounts} gives the
 * overlay to mount as its rootfs. {@link #remove} deletes a snapshot that has no children.
 *
 * <p>Invariants: keys are unique across committed and active snapshots; a committed snapshot never
 * changes; a parent cannot be removed while a child exists. State survives restarts (it is kept in
 * the metadata store and on disk under {@code <root>/snapshots/<n>/}).
 *
 * <p>Thread-safety: all methods may be called concurrently.
 *
 * <p>Errors: {@code NotFound} (unknown key or parent), {@code Conflict} (key exists, snapshot has
 * children, wrong kind for the operation).
 */
public interface Snapshotter {

  enum Kind { ACTIVE, COMMITTED }

  record Info(String key, Optional<String> parent, Kind kind, long createdMillis) {}

  /** One mount the caller performs (overlay, or a bind for a single layer). */
  record Mount(String type, String source, List<String> options) {}

  /** Creates an active snapshot on {@code parent} (empty for a base). Returns its writable dir. */
  Path prepare(String key, Optional<String> parent);

  /** The writable (active) or content (committed) directory of a snapshot. */
  Path dir(String key);

  /** Makes active snapshot {@code activeKey} a committed snapshot named {@code name}. */
  void commit(String name, String activeKey);

  /**
   * Commits active snapshot {@code activeKey}, prepared without a parent, as {@code name} on top of
   * committed snapshot {@code parent}. Unpacking a layer needs only its own directory (whiteouts are
   * device nodes and xattrs there, read by the kernel at mount time), so an image's layers can be
   * unpacked side by side and stacked afterwards, in order.
   *
   * <p>Errors: {@code NotFound} (unknown key or parent), {@code Conflict} (not active, name taken,
   * parent not committed, or the active snapshot already has a parent other than {@code parent}).
   */
  default void commitOnto(String name, String activeKey, Optional<String> parent) {
    Optional<String> current = stat(activeKey).flatMap(Info::parent);
    if (!current.equals(parent)) throw new UnsupportedOperationException("re-parenting snapshots");
    commit(name, activeKey);
  }

  /** The mounts that present active snapshot {@code key} (with its parents) as one tree. */
  List<Mount> mounts(String key);

  Optional<Info> stat(String key);

  /** Removes a snapshot without children and its files. Absent keys are ignored. */
  void remove(String key);

  /** Bytes used by the snapshot's own directory (not its parents). */
  long usage(String key);

  List<Info> list();
}
