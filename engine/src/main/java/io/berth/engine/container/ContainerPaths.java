package io.berth.engine.container;

import java.nio.file.Path;

/**
 * Where container files live. Under the data root (persistent): {@code containers/<id>/} holds the
 * bundle ({@code config.json}), the generated {@code hostname}/{@code hosts}/{@code resolv.conf},
 * conmon's log {@code ctr.log} and pid files, and {@code rootfs/}, the overlay mount point. Under the
 * exec root (tmpfs, gone on reboot): the runtime's state ({@code runc/}), conmon's exit files
 * ({@code exits/}) and attach sockets ({@code conmon/}).
 */
public record ContainerPaths(Path dataRoot, Path execRoot) {
  public Path containersDir() { return dataRoot.resolve("containers"); }

  public Path bundle(String id) { return containersDir().resolve(id); }

  public Path rootfs(String id) { return bundle(id).resolve("rootfs"); }

  public Path log(String id) { return bundle(id).resolve("ctr.log"); }

  public Path exitDir() { return execRoot.resolve("exits"); }

  public Path exitFile(String id) { return exitDir().resolve(id); }

  public Path runtimeRoot() { return execRoot.resolve("runc"); }

  public Path socketDir() { return execRoot.resolve("conmon"); }

  public Path pidDir(String id) { return bundle(id); }
}
