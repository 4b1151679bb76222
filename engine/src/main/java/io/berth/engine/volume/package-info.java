/**
 * Volumes: named and anonymous volumes of the {@code local} driver, kept in the metadata store
 * (table {@code volumes}, {@link io.berth.engine.volume.VolumeStore}) with their data under
 * {@code <data-root>/volumes/<name>/_data}, Docker's layout. {@link io.berth.engine.volume.VolumeService}
 * holds the use cases (create, list, inspect, remove, prune) with dockerd's rules and error texts;
 * which containers use a volume is asked of the container side through a function. Containers reach
 * volumes through {@link io.berth.engine.container.VolumeAccess}, which the service implements (the
 * one dependency on the container package); a volume's device (local driver options) is mounted on
 * its data directory at first use ({@code VolumeDevices}).
 */
package io.berth.engine.volume;
