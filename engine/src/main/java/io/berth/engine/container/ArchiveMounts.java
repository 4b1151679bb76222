package io.berth.engine.container;

import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The volumes and binds of a stopped container for {@code docker cp}: mounted on its freshly mounted
 * root for the operation (as dockerd's {@code mountVolumes}), so files are read from and written to
 * the volume rather than the container's own layer; and dockerd's read-only rules for extraction.
 */
final class ArchiveMounts {
  private ArchiveMounts() {}

  /**
   * Binds {@code c}'s volumes and host binds (not tmpfs: a stopped container's tmpfs holds nothing)
   * on {@code rootfs}, parents first. Each destination is resolved inside the root (symlinks cannot
   * lead out); a missing mount point directory is created as the runtime would at start. The caller
   * unmounts {@code rootfs}, which detaches these with it.
   */
  static void mount(Container c, Path rootfs, VolumeAccess volumes) throws IOException {
    List<MountPoint> points = ContainerMounts.of(c.config().host()).stream()
        .filter(m -> m.type() != MountPoint.Type.TMPFS)
        .sorted(Comparator.comparingInt(m -> Path.of(m.destination()).getNameCount()))
        .toList();
    for (MountPoint mp : points) {
      Path source = mp.type() == MountPoint.Type.VOLUME ? volumes.prepare(mp.name()) : Path.of(mp.source());
      if (!Files.exists(source)) continue; // a -v source created at first start
      Optional<Path> target = mountPoint(rootfs, mp.destination(), Files.isDirectory(source));
      if (target.isEmpty()) continue;
      Mounts.mount(new Snapshotter.Mount("bind", source.toString(),
          mp.readOnly() ? List.of("rbind", "ro") : List.of("rbind")), target.get());
    }
  }

  /**
   * dockerd's extraction rules: into a volume or bind, its own read-only flag counts ("mounted volume
   * is marked read-only"); elsewhere the rootfs's ("container rootfs is marked read-only").
   */
  static void checkWritable(Container c, String absolutePath) {
    Optional<MountPoint> under = ContainerMounts.of(c.config().host()).stream()
        .filter(m -> absolutePath.equals(m.destination()) || absolutePath.startsWith(m.destination() + "/"))
        .max(Comparator.comparingInt(m -> m.destination().length()));
    if (under.isPresent()) {
      if (under.get().readOnly()) throw new BerthException.Forbidden("mounted volume is marked read-only");
      return;
    }
    if (c.config().host().readonlyRootfs()) throw new BerthException.Forbidden("container rootfs is marked read-only");
  }

  private static Optional<Path> mountPoint(Path rootfs, String destination, boolean directory) throws IOException {
    Optional<Path> existing = VolumeCopyUp.resolveInRoot(rootfs, destination);
    if (existing.isPresent()) {
      boolean isDir = Files.isDirectory(existing.get(), LinkOption.NOFOLLOW_LINKS);
      return isDir == directory ? existing : Optional.empty();
    }
    Path dest = Path.of(destination);
    if (dest.getParent() == null || dest.getFileName() == null) return Optional.empty();
    Optional<Path> parent = VolumeCopyUp.resolveInRoot(rootfs, dest.getParent().toString());
    if (parent.isEmpty() || !Files.isDirectory(parent.get(), LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    Path created = parent.get().resolve(dest.getFileName().toString());
    if (directory) Files.createDirectory(created);
    else Files.createFile(created);
    return Optional.of(created);
  }
}
