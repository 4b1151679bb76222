package io.berth.engine.container;

/**
 * What berthd sets up around a container's process besides the runtime: today the published ports
 * (the userland proxies of {@code network.PortPublisher}, the network attachments). {@link ContainerService} calls the hooks
 * under the container's lock.
 *
 * <p>Lifecycle: {@link #created} once the runtime has created the process (its namespaces exist and
 * can be joined through {@code /proc/<pid>/ns}), before it is started; {@link #released} whenever the
 * process is gone or the start failed (exit, failed start, removal), possibly more than once and for
 * containers {@link #created} never saw. Implementations must be thread-safe.
 */
public interface ContainerHooks {
  /**
   * Container {@code c} is being created (not stored yet): check what it asks of this hook's part
   * and record it. Throwing a {@code BerthException} fails the create; {@link #removed} undoes it.
   */
  default void defining(Container c) {}

  /**
   * The container's process {@code pid} exists. Throwing a {@code BerthException} (a host port
   * already taken) fails the start with that error; what this call set up must then be undone by it.
   */
  void created(Container c, int pid);

  /** Releases what {@link #created} set up for container {@code id}; idempotent, never throws. */
  void released(String id);

  /** Container {@code id} is removed (or its create failed): forget it; idempotent, never throws. */
  default void removed(String id) {}
}
