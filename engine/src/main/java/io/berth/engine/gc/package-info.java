/**
 * Store hygiene: garbage collection of blobs, layers and snapshots from explicit roots
 * ({@link io.berth.engine.gc.GcRoots}, {@link io.berth.engine.gc.GarbageCollector}), the leases that
 * keep collection away from loads, imports and commits in flight ({@link io.berth.engine.gc.Leases}),
 * {@code system check} ({@link io.berth.engine.gc.StoreCheck}), and the use cases built on them:
 * {@code system df} ({@link io.berth.engine.gc.DiskUsage}) and {@code image prune}
 * ({@link io.berth.engine.gc.ImagePruner}).
 */
package io.berth.engine.gc;
