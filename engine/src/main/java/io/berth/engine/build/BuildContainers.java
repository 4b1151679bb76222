package io.berth.engine.build;

import io.berth.engine.container.BindMount;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerArchive;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.CreateSpec;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.ResourceLimits;

import io.berth.engine.logs.LogCursor;
import io.berth.engine.logs.LogEntry;
import io.berth.engine.logs.LogQuery;
import io.berth.engine.logs.LogReader;
import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The builder's containers, made with the engine's own container service (so RUN gets Docker's
 * default capabilities, seccomp profile and masked paths like any container): one per RUN step, and
 * created-but-never-started ones whose root COPY, ADD and WORKDIR write into before the commit.
 */
final class BuildContainers {
  /** Marks the builder's containers, so the ones a crash left behind can be found at the next start. */
  static final String LABEL = "io.berth.build.step";

  private final ContainerService containers;
  private final ContainerArchive archive;
  private final LogReader logs;
  private final Snapshotter snapshotter;
  private final java.util.Set<String> mounted = java.util.concurrent.ConcurrentHashMap.newKeySet();

  BuildContainers(ContainerService containers, ContainerArchive archive, LogReader logs, Snapshotter snapshotter) {
    this.containers = containers;
    this.archive = archive;
    this.logs = logs;
    this.snapshotter = snapshotter;
  }

  /** Mounts a created container's root file system (read by a RUN bind mount) until {@link #remove}. */
  java.nio.file.Path mountRootfs(String id) throws IOException {
    java.nio.file.Path rootfs = containers.paths().rootfs(id);
    java.nio.file.Files.createDirectories(rootfs);
    Mounts.mountAll(snapshotter.mounts(ContainerService.snapshotKey(id)), rootfs);
    mounted.add(id);
    return rootfs;
  }

  ContainerArchive archive() { return archive; }

  /**
   * What a RUN container runs; {@code extraHosts} are the build's {@code --add-host} entries (in its
   * hosts file, {@code host-gateway} resolved as for any container).
   */
  record RunSpec(List<String> args, List<String> env, String workingDir, String user, String networkMode,
      long shmSize, List<BindMount> mounts, List<String> extraHosts) {}

  /** A container of {@code image} (empty: an image without layers) that runs {@code spec}. */
  String create(Digest image, RunSpec spec) throws IOException {
    HostOptions host = HostOptions.defaults().withNetworkMode(spec.networkMode()).withMounts(spec.mounts())
        .withNetwork(new io.berth.engine.container.NetworkOptions(Map.of(), List.of(), List.of(), List.of(),
            spec.extraHosts()));
    ResourceLimits limits = spec.shmSize() > 0 ? withShm(spec.shmSize()) : ResourceLimits.NONE;
    CreateSpec create = new CreateSpec(Optional.empty(), image.toString(), Optional.of(List.of()),
        Optional.of(spec.args()), spec.env(), Optional.of(spec.workingDir()), Optional.of(spec.user()),
        Optional.empty(), "", Map.of(LABEL, "true"), false, false, false, false, true, true, Optional.empty(), Optional.empty(),
        false, host, Optional.empty(), limits);
    return containers.create(create).id();
  }

  /** A container that is never started: its root receives copied files. */
  String holder(Digest image) throws IOException {
    return create(image, new RunSpec(List.of("/bin/sh"), List.of(), "/", "", "none", 0, List.of(), List.of()));
  }

  /** Starts {@code id}, passes its output on as it comes, and returns its exit code. */
  int run(String id, Consumer<String> output) throws IOException {
    CompletableFuture<Integer> exit = containers.waitFor(id, ContainerService.WaitCondition.NEXT_EXIT);
    containers.start(id);
    try (LogCursor cursor = logs.follow(containers.paths().log(id), LogQuery.all(), () -> !containers.isRunning(id))) {
      exit.whenComplete((code, err) -> cursor.wakeUp());
      while (cursor.hasNext()) {
        LogEntry e = cursor.next();
        output.accept(e.text());
      }
    }
    try {
      return exit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the step", e);
    } catch (ExecutionException e) {
      throw new IOException("waiting for the step: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Drops what container {@code id} wrote under {@code paths}: dockerd runs RUN with the image's
   * volumes mounted, so their changes never reach the committed layer.
   */
  void discardUnder(String id, java.util.Collection<String> paths) throws IOException {
    // looked up through RootDir: a symlink the step left in its layer must not lead the deletion outside
    try (io.berth.engine.archive.RootDir upper = io.berth.engine.archive.RootDir.open(
        snapshotter.dir(ContainerService.snapshotKey(id)))) {
      for (String p : paths) {
        try (io.berth.engine.archive.RootDir.Found dir = upper.lookup(p.startsWith("/") ? p : "/" + p, false)) {
          if (!dir.stat().isDirectory()) continue;
          try (var children = java.nio.file.Files.list(dir.proc())) {
            for (java.nio.file.Path c : children.toList()) io.berth.store.AtomicFiles.deleteRecursively(c);
          }
        } catch (io.berth.engine.sys.ErrnoException notInTheLayer) {
          // the step did not touch it
        }
      }
    }
  }

  void remove(String id) {
    try {
      if (mounted.remove(id)) Mounts.unmount(containers.paths().rootfs(id));
      containers.remove(id, true, true); // as dockerd's builder: with the anonymous volumes of VOLUME
    } catch (IOException | RuntimeException e) {
      // gone already; a leftover is visible in ps -a and removed by container prune
    }
  }

  Container get(String id) { return containers.get(id); }

  /** Removes step containers a killed berthd left (no build survives a restart); returns how many. */
  int removeLeftovers() {
    int n = 0;
    for (Container c : containers.list()) {
      if (!c.config().labels().containsKey(LABEL)) continue;
      remove(c.id());
      n++;
    }
    return n;
  }

  private static ResourceLimits withShm(long shm) {
    ResourceLimits n = ResourceLimits.NONE;
    return new ResourceLimits(n.memory(), n.memorySwap(), n.memoryReservation(), n.memorySwappiness(),
        n.oomKillDisable(), n.nanoCpus(), n.cpuShares(), n.cpuPeriod(), n.cpuQuota(), n.cpusetCpus(), n.cpusetMems(),
        n.pidsLimit(), n.blkioWeight(), n.blkioWeightDevice(), n.blkioDeviceReadBps(), n.blkioDeviceWriteBps(),
        n.blkioDeviceReadIOps(), n.blkioDeviceWriteIOps(), n.devices(), n.deviceCgroupRules(), n.ulimits(), shm,
        n.oomScoreAdj(), n.cgroupParent(), n.cgroupnsMode());
  }
}
