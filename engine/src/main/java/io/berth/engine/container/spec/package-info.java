/**
 * Generation of a container's OCI runtime {@code config.json} ({@link io.berth.oci.runtime.Spec}) with
 * Docker's defaults: namespaces, the 14 default capabilities and {@code --cap-add/--cap-drop},
 * masked and read-only {@code /proc} paths, the standard mounts and device-cgroup allow-list, the
 * default seccomp allow-list, user and group resolution through the image's own
 * {@code /etc/passwd}/{@code /etc/group}, and the process environment.
 *
 * <p>Everything host-specific (capability bounding set, available sysctls, host devices) comes in
 * through {@link io.berth.engine.container.spec.HostFacts}, so generation is a pure function in tests.
 */
package io.berth.engine.container.spec;
