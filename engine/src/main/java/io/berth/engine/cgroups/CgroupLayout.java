package io.berth.engine.cgroups;

/**
 * How a host mounts its cgroups. {@code UNIFIED}: one cgroup2 hierarchy at {@code /sys/fs/cgroup}.
 * {@code LEGACY}: only v1 hierarchies (one per controller or group of controllers). {@code HYBRID}:
 * v1 hierarchies for the controllers plus a controller-less cgroup2 mount at
 * {@code /sys/fs/cgroup/unified} (systemd's hybrid mode); limits are applied through v1 there.
 */
public enum CgroupLayout { UNIFIED, LEGACY, HYBRID }
