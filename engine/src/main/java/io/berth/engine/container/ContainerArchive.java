package io.berth.engine.container;

import io.berth.engine.archive.PathStat;
import io.berth.engine.archive.RootDir;
import io.berth.engine.archive.TreeTar;
import io.berth.engine.archive.TreeUntar;
import io.berth.engine.container.spec.UserResolver;
import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archive use cases behind {@code docker cp}: stat a path in a container, archive it as tar,
 * extract a tar into a directory of it (Docker's {@code HEAD}/{@code GET}/{@code PUT
 * /containers/{id}/archive}, with its path rules, texts and events {@code archive-path} and
 * {@code extract-to-dir}).
 *
 * <p>Where the files are: a running (or paused) container is reached through
 * {@code /proc/<init pid>/root}, its root as its own processes see it, with every mount of its
 * namespace ({@code /etc/hosts}, tmpfs, volumes) — the pid is checked to be the container's (its cgroup
 * names the container) through a descriptor that cannot be re-targeted to a recycled pid. A stopped or
 * created container has no mounted root: its snapshot is mounted on its rootfs directory for the
 * operation, with its volumes and binds on it ({@link ArchiveMounts}), and unmounted after, under the container's lock so that no start or removal runs
 * meanwhile.
 *
 * <p>Safety: every lookup goes through {@link RootDir} (see there why symlinks, including ones a
 * running container swaps in while we work, cannot lead outside its root); nothing from the container
 * is executed or loaded (user names are parsed from its files as data).
 *
 * <p>Thread-safe. Errors: {@code NotFound} for an unknown container ("No such container: x") or path
 * ("Could not find the file /x in container c"), {@code InvalidArgument} ("extraction point is not a
 * directory", a bad archive), {@code Forbidden} ("container rootfs is marked read-only").
 */
public final class ContainerArchive {
  private static final long MAX_ID_FILE = 4L << 20;
  private static final int ATTEMPTS = 3;

  private final ContainerService containers;
  private final Snapshotter snapshotter;
  private final ContainerPaths paths;

  public ContainerArchive(ContainerService containers, Snapshotter snapshotter, ContainerPaths paths) {
    this.containers = containers;
    this.snapshotter = snapshotter;
    this.paths = paths;
  }

  /** Receives the stat of the path before its archive is written; returns where to write it (closed after). */
  @FunctionalInterface
  public interface Sink {
    OutputStream open(PathStat stat) throws IOException;
  }

  /** Work done in a container's root directory. */
  @FunctionalInterface
  public interface InRoot<T> {
    T run(RootDir root, Container c) throws IOException;
  }

  /**
   * Runs {@code work} with the root of container {@code ref}: the running container's own, or its
   * rootfs mounted for the call (the builder reads and writes stopped containers' files this way).
   */
  public <T> T inRoot(String ref, InRoot<T> work) {
    return withRoot(ref, work);
  }

  /** {@code user} ({@code name}, {@code uid}, {@code name:group}, …) resolved with the files in {@code root}. */
  public static TreeUntar.Owner resolveOwner(RootDir root, String user) {
    UserResolver.ResolvedUser u = UserResolver.resolve(p -> lines(root, p), user, List.of());
    return new TreeUntar.Owner(u.uid(), u.gid());
  }

  /** Docker's stat of {@code path} in container {@code ref}: the last element is not followed. */
  public PathStat stat(String ref, String path) {
    return withRoot(ref, (root, c) -> {
      String abs = absolute(path);
      try (RootDir.Found f = find(root, abs, abs.endsWith("/"), path, ref)) {
        return stat(root, f, abs);
      }
    });
  }

  /** Streams a tar archive of {@code path} to the stream {@code sink} opens once the stat is known. */
  public void archive(String ref, String path, Sink sink) {
    withRoot(ref, (root, c) -> {
      String abs = absolute(path);
      try (RootDir.Found f = find(root, abs, abs.endsWith("/"), path, ref)) {
        PathStat st = stat(root, f, abs);
        try (OutputStream out = sink.open(st)) {
          TreeTar.write(root, f, st.name(), out);
        }
      }
      containers.publish(c, "archive-path", Map.of());
      return Boolean.TRUE;
    });
  }

  /**
   * Extracts {@code tar} into directory {@code path} (a symlink to a directory is followed). With
   * {@code copyUidGid} every object belongs to the container's configured user (Docker's
   * {@code copyUIDGID}); otherwise to the owners in the archive.
   */
  public void extract(String ref, String path, boolean noOverwriteDirNonDir, boolean copyUidGid, InputStream tar) {
    withRoot(ref, (root, c) -> {
      try (RootDir.Found dest = findDirectory(root, absolute(path), path, ref)) {
        if (!dest.stat().isDirectory()) throw BerthException.invalid("extraction point is not a directory");
        ArchiveMounts.checkWritable(c, root.canonical(absolute(path)));
        Optional<TreeUntar.Owner> owner = copyUidGid ? owner(root, c) : Optional.empty();
        TreeUntar.extract(root, dest, tar, noOverwriteDirNonDir, owner);
      }
      containers.publish(c, "extract-to-dir", Map.of());
      return Boolean.TRUE;
    });
  }

  private static PathStat stat(RootDir root, RootDir.Found f, String abs) throws IOException {
    String link = f.stat().isSymlink() ? root.canonical(abs) : "";
    return new PathStat(PathStat.baseName(abs), f.stat().size(), PathStat.goMode(f.stat().mode()), f.stat().mtime(),
        link);
  }

  private static RootDir.Found find(RootDir root, String abs, boolean followLast, String asGiven, String ref)
      throws IOException {
    try {
      return root.lookup(abs, followLast);
    } catch (ErrnoException e) {
      if (e.errno() == Fds.ENOENT) throw BerthException.notFound("Could not find the file %s in container %s", asGiven, ref);
      if (e.errno() == Fds.ENOTDIR) throw BerthException.invalid("lstat %s: not a directory", asGiven);
      if (e.errno() == Fds.ELOOP) throw BerthException.invalid("lstat %s: too many levels of symbolic links", asGiven);
      throw e;
    }
  }

  private static RootDir.Found findDirectory(RootDir root, String abs, String asGiven, String ref) throws IOException {
    try {
      return find(root, abs, true, asGiven, ref);
    } catch (BerthException.InvalidArgument e) {
      throw BerthException.invalid("extraction point is not a directory");
    }
  }

  /** The container's configured user as an owner; none when it runs as the image's default (root). */
  private static Optional<TreeUntar.Owner> owner(RootDir root, Container c) {
    String user = c.config().user();
    if (user.isEmpty()) return Optional.empty();
    UserResolver.ResolvedUser u = UserResolver.resolve(p -> lines(root, p), user, List.of());
    return Optional.of(new TreeUntar.Owner(u.uid(), u.gid()));
  }

  private static Optional<List<String>> lines(RootDir root, String path) {
    try (RootDir.Found f = root.lookup(path, true)) {
      if (!f.stat().isRegular() || f.stat().size() > MAX_ID_FILE) return Optional.empty();
      try (InputStream in = Files.newInputStream(f.proc())) {
        return Optional.of(new String(in.readNBytes((int) MAX_ID_FILE), StandardCharsets.UTF_8).lines().toList());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Docker takes every path as absolute in the container. */
  private static String absolute(String path) {
    return path.startsWith("/") ? path : "/" + path;
  }

  // ---- reaching the container's root ------------------------------------------------------------

  private <T> T withRoot(String ref, InRoot<T> work) {
    String id = containers.get(ref).id();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Container c = containers.get(id);
      if (c.state().pid() > 0) {
        Optional<RootDir> live = liveRoot(c);
        if (live.isPresent()) {
          try (RootDir root = live.get()) {
            return work.run(root, c);
          } catch (IOException e) {
            throw BerthException.internal(e.getMessage(), e);
          }
        }
        continue; // it stopped meanwhile: its rootfs is about to be unmounted; look again
      }
      Optional<T> done = containers.locked(id, current -> {
        if (current.state().pid() > 0) return Optional.empty(); // started meanwhile
        Path rootfs = paths.rootfs(id);
        Mounts.unmount(rootfs);
        Mounts.mountAll(snapshotter.mounts(ContainerService.snapshotKey(id)), rootfs);
        try {
          ArchiveMounts.mount(current, rootfs, containers.volumes());
        } catch (IOException | RuntimeException e) {
          Mounts.unmount(rootfs);
          throw e;
        }
        try (RootDir root = RootDir.open(rootfs)) {
          return Optional.of(work.run(root, current));
        } finally {
          Mounts.unmount(rootfs);
        }
      });
      if (done.isPresent()) return done.get();
    }
    throw BerthException.conflict("container %s keeps changing state; try again", ref);
  }

  /**
   * The root of running container {@code c} as its processes see it, or empty when its init process
   * is gone. The {@code /proc/<pid>} directory is opened first: a descriptor on it stays bound to that
   * process even if the pid is reused, so checking its cgroup and then opening its {@code root}
   * through the same descriptor cannot mix two processes up.
   */
  private static Optional<RootDir> liveRoot(Container c) {
    int pidDir;
    try {
      pidDir = Fds.openat(Linux.AT_FDCWD, "/proc/" + c.state().pid(), Fds.O_PATH | Fds.O_DIRECTORY, 0);
    } catch (ErrnoException e) {
      return Optional.empty();
    }
    try {
      String cgroup = Files.readString(Fds.path(pidDir).resolve("cgroup"));
      if (!cgroup.contains(c.id())) return Optional.empty();
      return Optional.of(RootDir.adopt(Fds.openat(pidDir, "root", Fds.O_PATH | Fds.O_DIRECTORY, 0)));
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      Fds.close(pidDir);
    }
  }
}
