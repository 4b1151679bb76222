/**
 * What berthd does with cgroups itself, next to runc (which creates each container's cgroup at
 * {@code /berth/<id>} with the cgroupfs driver and applies the limits of {@code config.json}):
 * detecting the host's layout ({@link io.berth.engine.cgroups.CgroupLayouts}), telling which limits
 * the host can apply ({@link io.berth.engine.cgroups.CgroupFeatures}, Docker's sysinfo warnings),
 * changing the limits of a running container ({@code docker update}) and reading its usage
 * ({@code docker stats}) through a {@link io.berth.engine.cgroups.CgroupManager}: one implementation
 * for v1 hierarchies (legacy and hybrid hosts), one for the unified v2 hierarchy. Everything reads
 * and writes below root paths, so unit tests run over temp-dir fixtures.
 */
package io.berth.engine.cgroups;
