package io.berth.engine.cgroups;

import java.util.List;

/**
 * Drives one host's cgroups for berthd: what the host can limit, the usage of a container's
 * cgroup, changing its limits while it runs, and the pids in it. runc creates and removes the
 * cgroups; a manager never does. {@code path} is the container's {@code linux.cgroupsPath} as given
 * to runc ({@code "/berth/<id>"}), relative to each hierarchy's root.
 *
 * <p>Lifecycle: one per daemon ({@link Cgroups#forHost()}), created at start-up. Thread-safe: it
 * holds no mutable state; concurrent updates of the same cgroup are the caller's to serialise.
 *
 * <p>Errors: {@link io.berth.oci.errors.BerthException.NotFound} when the cgroup does not exist
 * (the container stopped), {@link io.berth.oci.errors.BerthException.InvalidArgument} when the
 * kernel refuses a value (memory below usage: EBUSY; memory above memory+swap; a limit the host
 * cannot apply), {@link io.berth.oci.errors.BerthException.Internal} for other I/O failures.
 */
public sealed interface CgroupManager permits CgroupV1Manager, CgroupV2Manager {
  CgroupLayout layout();

  /** What the host can apply (read afresh each call; cheap). */
  CgroupFeatures features();

  /** One usage sample of the cgroup at {@code path}. */
  CgroupStats stats(String path);

  /** Applies the non-empty fields of {@code limits}, in an order the kernel accepts. */
  void update(String path, CgroupLimits limits);

  /** Every pid in the cgroup at {@code path} and its descendants. */
  List<Integer> pids(String path);
}
