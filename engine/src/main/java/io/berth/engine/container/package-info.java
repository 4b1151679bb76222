/**
 * Containers: the domain records ({@link io.berth.engine.container.Container}, its config and state),
 * the state machine guards, persistence in the metadata store, and {@link
 * io.berth.engine.container.ContainerService}, which creates bundles on overlay snapshots, starts
 * them under the OCI runtime, follows exits, and removes everything a container owned.
 */
package io.berth.engine.container;
