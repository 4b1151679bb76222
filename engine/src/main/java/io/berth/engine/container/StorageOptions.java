package io.berth.engine.container;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's volume and tmpfs requests as made at create ({@code HostConfig.Mounts} of type volume
 * and tmpfs, {@code HostConfig.Tmpfs}, {@code HostConfig.VolumesFrom}, {@code HostConfig.VolumeDriver},
 * {@code Config.Volumes}), and the mount points they resolved to. Host binds are in
 * {@link HostOptions#binds()} and {@link HostOptions#mounts()}.
 *
 * @param volumeMounts  {@code Mounts} entries of type volume
 * @param tmpfs         {@code --tmpfs} entries, then {@code Mounts} entries of type tmpfs
 * @param volumesFrom   {@code container[:ro|rw]} entries as given
 * @param configVolumes the destinations of {@code Config.Volumes} (anonymous volumes)
 * @param volumeDriver  the driver for volumes {@code Binds} creates ({@code --volume-driver})
 * @param mountPoints   every mount, resolved at create (see {@link ContainerMounts}); empty for a
 *                      container created before Berth had volumes (its binds are read then)
 */
public record StorageOptions(List<VolumeMount> volumeMounts, List<TmpfsMount> tmpfs, List<String> volumesFrom,
    List<String> configVolumes, String volumeDriver, List<MountPoint> mountPoints) {
  public static final StorageOptions NONE = new StorageOptions(List.of(), List.of(), List.of(), List.of(), "", List.of());

  public StorageOptions {
    volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    configVolumes = configVolumes == null ? List.of() : List.copyOf(configVolumes);
    volumeDriver = volumeDriver == null ? "" : volumeDriver;
    mountPoints = mountPoints == null ? List.of() : List.copyOf(mountPoints);
  }

  /** A copy with {@code points} as {@link #mountPoints()}. */
  public StorageOptions withMountPoints(List<MountPoint> points) {
    return new StorageOptions(volumeMounts, tmpfs, volumesFrom, configVolumes, volumeDriver, points);
  }

  /** The {@code Mounts} entries of type tmpfs (the others came from {@code HostConfig.Tmpfs}). */
  public List<TmpfsMount> tmpfsFromMounts() {
    List<TmpfsMount> out = new ArrayList<>();
    for (TmpfsMount t : tmpfs) if (t.fromMounts()) out.add(t);
    return out;
  }
}
