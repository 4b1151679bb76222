/**
 * Filesystem snapshots: the {@link io.berth.engine.snapshot.Snapshotter} contract (containerd's
 * model: committed image layers keyed by chain ID, active writable snapshots on top), its overlayfs
 * implementation {@link io.berth.engine.snapshot.OverlaySnapshotter} (directories under
 * {@code <data-root>/snapshots/<n>/}, parentage in the metadata store's {@code snapshots} table),
 * and {@link io.berth.engine.snapshot.Mounts}, which performs the mounts a snapshotter describes.
 */
package io.berth.engine.snapshot;
