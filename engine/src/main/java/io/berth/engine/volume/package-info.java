/**
 * Volumes: named and anonymous volumes of the {@code local} driver, kept in the metadata store
 * (table {@code volumes}, {@link io.berth.engine.volume.VolumeStore}) with their data under
 * {@code <data-root>/volumes/<name>/_data}, Docker's layout. {@link io.berth.engine.volume.VolumeService}
 * holds the use cases (create, list, inspect, remove, prune) with dockerd's rules and error texts;
 * which containers use a volume is asked of the container side through a function, so this package
 * does not depend on it.
 */
package io.berth.engine.volume;
