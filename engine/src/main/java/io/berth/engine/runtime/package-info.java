/**
 * The OCI runtime seam: {@link io.berth.engine.runtime.OciRuntime} and its one implementation
 * {@link io.berth.engine.runtime.ConmonRuntime}, which runs every container as
 * {@code conmon → runc|crun} (podman's model) so containers keep running, logging and recording their
 * exit code when berthd stops or crashes; {@link io.berth.engine.runtime.ExitWatcher}, which turns
 * conmon's exit files into exit events (also those written while berthd was down); and
 * {@link io.berth.engine.runtime.RuntimeFailure}, the runtime's own error with Docker's exit-code hint.
 *
 * <p>Nothing here knows about container records: the container package decides when to create, start,
 * kill and delete, and what an exit means.
 */
package io.berth.engine.runtime;
