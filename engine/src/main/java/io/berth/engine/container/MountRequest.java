package io.berth.engine.container;

/**
 * One mount a create request asks for, before volumes are looked up or created: a host bind, a
 * volume (named or anonymous) or a tmpfs. {@link ContainerMounts} resolves them into
 * {@link MountPoint}s.
 */
public sealed interface MountRequest permits BindMount, VolumeMount, TmpfsMount {
  /** The absolute, cleaned path in the container. */
  String destination();
}
