package io.berth.engine.container;

import io.berth.engine.archive.RootDir;
import io.berth.engine.archive.TreeTar;
import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker export} ({@code GET /containers/{id}/export}): a tar of the container's file system
 * as its layers make it — image layers plus its writable layer, flattened — streamed as it is read.
 *
 * <p>Which tree: the overlay mount on the container's {@code rootfs} directory, never its processes'
 * view ({@code /proc/<pid>/root}): that one also shows the mounts made inside its namespace (volumes,
 * {@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /proc}), which Docker's export leaves out too.
 * runc makes the container's mounts slaves of the host's, so none of them propagate back onto
 * {@code rootfs}. A running container's rootfs is mounted already and is read in place (without its
 * lock: start and stop do not wait for a long export). A created or stopped one has its snapshot mounted
 * there for the export, under the container's lock so that no start or removal runs meanwhile.
 *
 * <p>Thread-safe. Errors: {@code NotFound} ("No such container: x") before any byte is written.
 */
public final class ContainerExport {
  private static final int ATTEMPTS = 3;

  private final ContainerService containers;
  private final Snapshotter snapshotter;
  private final ContainerPaths paths;

  public ContainerExport(ContainerService containers, Snapshotter snapshotter, ContainerPaths paths) {
    this.containers = containers;
    this.snapshotter = snapshotter;
    this.paths = paths;
  }

  /** Where to write the tar; opened once the container is found (so a 404 is still possible before). */
  @FunctionalInterface
  public interface Sink {
    OutputStream open() throws IOException;
  }

  public void export(String ref, Sink sink) {
    String id = containers.get(ref).id();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Container c = containers.get(id);
      if (c.state().pid() > 0) {
        Optional<RootDir> live = mountedRoot(paths.rootfs(id));
        if (live.isPresent()) {
          write(live.get(), sink);
          containers.publish(c, "export", Map.of());
          return;
        }
      }
      Optional<Container> done = containers.locked(id, current -> {
        if (current.state().pid() > 0) return Optional.empty(); // started meanwhile: read it live
        Path rootfs = paths.rootfs(id);
        Mounts.unmount(rootfs);
        Mounts.mountAll(snapshotter.mounts(ContainerService.snapshotKey(id)), rootfs);
        try {
          write(RootDir.open(rootfs), sink);
        } finally {
          Mounts.unmount(rootfs);
        }
        return Optional.of(current);
      });
      if (done.isPresent()) {
        containers.publish(done.get(), "export", Map.of());
        return;
      }
    }
    throw BerthException.conflict("container %s keeps changing state; try again", ref);
  }

  private static void write(RootDir root, Sink sink) {
    try (root; OutputStream out = sink.open()) {
      TreeTar.writeContents(root, out);
    } catch (IOException e) {
      throw BerthException.internal("exporting the container's file system: " + e.getMessage(), e);
    }
  }

  /**
   * The root of the overlay mounted on {@code rootfs}, or empty when nothing is mounted there (the
   * container stopped meanwhile): a mount point has another device than its parent directory. The
   * descriptor keeps the mount readable even if the container stops while we read (stop detaches it).
   */
  private static Optional<RootDir> mountedRoot(Path rootfs) {
    try {
      RootDir root = RootDir.open(rootfs);
      Object dev = Files.getAttribute(io.berth.engine.sys.Fds.path(root.fd()), "unix:dev");
      Object parentDev = Files.getAttribute(rootfs.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
      if (!dev.equals(parentDev)) return Optional.of(root);
      root.close();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
