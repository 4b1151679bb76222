package io.berth.engine.container;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.engine.runtime.OciRuntime;
import io.berth.engine.runtime.RuntimeFailure;
import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The container use cases: create, start, stop, kill, wait, remove, and exit handling.
 *
 * <p>Each container has a lock; every state transition happens under it and is persisted before the
 * lock is released, so a berthd killed at any point finds a consistent record. Waiting (for an exit
 * or a removal) never holds the lock. Exits arrive from conmon's exit files through {@link #onExit}.
 */
public final class ContainerService {

  private final ContainerStore store;
  private final ContainerPaths paths;
  private final ImageLookup images;
  private final Snapshotter snapshotter;
  private final OciRuntime runtime;
  private final BundleWriter bundles;
  private final EventBus events;
  private final Exits exits = new Exits();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final List<ContainerHooks> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile VolumeAccess volumes = VolumeAccess.unavailable();
  private volatile ContainerMounts mounts = new ContainerMounts(volumes);
  private final RestartManager restarts;
  private final ContainerLifecycle lifecycle;
  private final ResourceAdmission admission;

  public ContainerService(ContainerStore store, ContainerPaths paths, ImageLookup images,
      Snapshotter snapshotter, OciRuntime runtime, BundleWriter bundles, EventBus events) {
    this(store, paths, images, snapshotter, runtime, bundles, events, ResourceAdmission.permissive());
  }

  /** @param admission checks each new container's resources against the host */
  public ContainerService(ContainerStore store, ContainerPaths paths, ImageLookup images,
      Snapshotter snapshotter, OciRuntime runtime, BundleWriter bundles, EventBus events,
      ResourceAdmission admission) {
    this.admission = admission;
    this.store = store;
    this.paths = paths;
    this.images = images;
    this.snapshotter = snapshotter;
    this.runtime = runtime;
    this.bundles = bundles;
    this.events = events;
    this.restarts = new RestartManager(this, store);
    this.lifecycle = new ContainerLifecycle(this, store, runtime, restarts);
  }

  public EventBus events() { return events; }

  /** Gives containers volumes (before any container is created or started). */
  public void useVolumes(VolumeAccess v) {
    volumes = v;
    mounts = new ContainerMounts(v);
    bundles.useVolumes(v);
  }

  /** The volumes containers mount. */
  VolumeAccess volumes() { return volumes; }

  /** Adds hooks called around every container's process (see {@link ContainerHooks}). */
  public void addHooks(ContainerHooks h) { hooks.add(h); }

  /** restart, pause, unpause, rename, top. */
  public ContainerLifecycle lifecycle() { return lifecycle; }

  /** Publishes a container event with Docker's attributes: the labels, image and name, plus {@code extra}. */
  public void publish(Container c, String action, Map<String, String> extra) {
    Map<String, String> attrs = new LinkedHashMap<>(c.config().labels());
    attrs.put("image", c.config().image());
    attrs.put("name", c.name());
    attrs.putAll(extra);
    events.publish(Event.container(action, c.id(), attrs));
  }

  public ContainerPaths paths() { return paths; }

  /** The image store as containers see it (the {@code ancestor} filter resolves references with it). */
  public ImageLookup images() { return images; }

  /** Disk use of containers ({@code size=1}). */
  public ContainerSizes sizes() { return new ContainerSizes(snapshotter, ContainerService::snapshotKey); }

  // ---- lookup ----------------------------------------------------------------------------------

  /** Resolves a full ID, a name (with or without "/"), or a unique ID prefix, as docker does. */
  public Container get(String ref) {
    return find(ref).orElseThrow(() -> BerthException.notFound("No such container: %s", ref));
  }

  public Optional<Container> find(String ref) {
    if (ref.isEmpty()) return Optional.empty();
    Optional<Container> exact = store.get(ref);
    if (exact.isPresent()) return exact;
    Optional<Container> named = store.byName(ref.startsWith("/") ? ref.substring(1) : ref);
    if (named.isPresent()) return named;
    if (!ref.matches("[0-9a-f]{1,64}")) return Optional.empty();
    List<Container> byPrefix = store.byIdPrefix(ref);
    if (byPrefix.size() > 1) {
      throw BerthException.invalid("multiple IDs found with provided prefix: %s", ref);
    }
    return byPrefix.stream().findFirst();
  }

  public List<Container> list() { return store.all(); }

  // ---- create ----------------------------------------------------------------------------------

  public Container create(CreateSpec spec) throws IOException {
    return createWithWarnings(spec).container();
  }

  /** A new container and the warnings for the limits the host could not apply (Docker's {@code Warnings}). */
  public record Created(Container container, List<String> warnings) {}

  public Created createWithWarnings(CreateSpec spec) throws IOException {
    return createWithWarnings(spec, Optional.empty());
  }

  /** As above, for {@code platform} when the request names one (see {@link PlatformCheck}). */
  public Created createWithWarnings(CreateSpec spec, Optional<io.berth.oci.image.Platform> platform) throws IOException {
    ResourceChecks.Verified resources = admission.admit(spec.resources(), spec.host().privileged(), false);
    ImageDefaults image = images.resolve(spec.image());
    List<String> platformWarnings = images.platformOf(image.imageId())
        .map(p -> PlatformCheck.atCreate(spec.image(), p, platform, PlatformCheck.host())).orElse(List.of());
    ContainerConfig merged = ConfigMerge.merge(spec, image).withResources(resources.limits());
    if (merged.args().isEmpty()) throw BerthException.invalid("no command specified");
    HostOptions host = merged.host();
    ContainerConfig config = merged.withHost(host.withStorage(host.storage().withMountPoints(
        mounts.resolve(host, this::get))));
    String id = ConfigMerge.newId();
    String name = spec.name().map(ConfigMerge::validName)
        .orElseGet(() -> NameGenerator.generate(n -> store.byName(n).isPresent()));
    Container c = new Container(id, name, Instant.now(), image.imageId(),
        ConfigMerge.withHostname(config, id), ContainerState.created());

    Path bundle = paths.bundle(id);
    try {
      Files.createDirectories(paths.rootfs(id));
      ContainerFiles.write(bundle, c.config().hostname(), c.config().domainname());
      snapshotter.prepare(snapshotKey(id), image.topSnapshot());
      if (ContainerMounts.needsCopyUp(c)) copyUp(c);
      for (ContainerHooks h : hooks) h.defining(c);
      store.insert(c);
      publish(c, "create", Map.of());
    } catch (IOException | RuntimeException e) {
      for (ContainerHooks h : hooks) h.removed(id);
      Mounts.unmount(paths.rootfs(id));
      snapshotter.remove(snapshotKey(id));
      AtomicFiles.deleteRecursively(bundle);
      mounts.removeAnonymous(c);
      throw e;
    }
    return new Created(c, java.util.stream.Stream.concat(platformWarnings.stream(), resources.warnings().stream()).toList());
  }

  /** Docker's copy-up into the new container's empty volumes, from its freshly prepared root. */
  private void copyUp(Container c) throws IOException {
    Path rootfs = paths.rootfs(c.id());
    Mounts.mountAll(snapshotter.mounts(snapshotKey(c.id())), rootfs);
    try {
      mounts.populate(c, rootfs);
    } finally {
      Mounts.unmount(rootfs);
    }
  }

  /** The admission used for new containers, for updates of running ones. */
  public ResourceAdmission admission() { return admission; }

  /** The key of container {@code id}'s writable snapshot (its overlay upper directory). */
  public static String snapshotKey(String id) { return "container-" + id; }

  // ---- start -----------------------------------------------------------------------------------

  public void start(String ref) throws IOException {
    Container target = get(ref);
    String id = target.id();
    try {
      startLocked(id, true);
    } catch (BerthException e) {
      // Docker removes an --rm container whose start failed, so nothing is left behind.
      if (target.config().autoRemove() && !(e instanceof BerthException.NotModified)) {
        removeStopped(id, get(id).state().exitCode());
      }
      throw e;
    }
  }

  /** The restart policy's back-off for {@code id} elapsed (see {@link RestartManager}). */
  void startByPolicy(String id) {
    startLocked(id, false);
  }

  private void startLocked(String id, boolean byUser) {
    withLock(id, () -> {
      Container c = get(id);
      if (byUser) {
        c.state().checkStartByUser(c.shortId());
        c = c.withState(c.state().startedByUser());
        restarts.reset(id);
      } else if (!restarts.claim(c)) {
        return null; // the pending restart was cancelled meanwhile (stop, kill, rm -f)
      }
      Optional<io.berth.oci.image.Platform> platform = images.platformOf(c.imageId());
      if (platform.isPresent()) PlatformCheck.checkStart(c.imageId(), platform.get(), PlatformCheck.host());
      Files.deleteIfExists(paths.exitFile(id));
      Files.deleteIfExists(oomFile(id));
      // A berthd that died inside create() can leave the runtime's record behind: clear it.
      cleanupRuntime(id);
      Path rootfs = paths.rootfs(id);
      Mounts.unmount(rootfs);
      Mounts.mountAll(snapshotter.mounts(snapshotKey(id)), rootfs);
      try {
        SharedNetns shared = SharedNetns.of(c, this);
        bundles.write(c, rootfs, paths.bundle(id), shared.netns(), shared.filesDir());
        OciRuntime.Created created = runtime.create(new OciRuntime.CreateRequest(id, c.name(), paths.bundle(id),
            ContainerLogs.file(paths, c), paths.exitDir(), paths.pidDir(id), c.config().tty(), c.config().openStdin(),
            c.config().tty() || !c.config().stdinOnce(), ContainerLogs.conmonSizeMax(c)));
        for (ContainerHooks h : hooks) h.created(c, created.pid());
        runtime.start(id);
        store.updateState(id, HealthMonitor.onStart(c.config(), c.state().started(created.pid(), Instant.now())));
        publish(c, "start", Map.of());
      } catch (RuntimeFailure f) {
        cleanupRuntime(id);
        store.updateState(id, c.state().failedToStart(f.exitCode(), f.getMessage(), Instant.now()));
        String msg = "failed to create task for container: OCI runtime create failed: " + f.getMessage() + ": unknown";
        throw f.exitCode() == 125 ? BerthException.internal(msg, f) : new BerthException.InvalidArgument(msg, f);
      } catch (IOException | RuntimeException e) {
        cleanupRuntime(id);
        throw e;
      }
      return null;
    });
  }

  // ---- exits -----------------------------------------------------------------------------------

  /** Called (from the exit watcher) when conmon recorded that the container's process ended. */
  public void onExit(String id, int exitCode, Instant at) {
    boolean autoRemove = withLock(id, () -> {
      Optional<Container> oc = store.get(id);
      if (oc.isEmpty() || !oc.get().state().running()) return false;
      boolean oomKilled = Files.exists(oomFile(id));
      Container c = oc.get().withState(oc.get().state().withOomKilled(oomKilled));
      RestartManager.Plan plan = restarts.onExit(c, exitCode, at);
      store.updateState(id, plan.state());
      if (oomKilled) publish(c, "oom", Map.of()); // Docker's order: oom, then die
      publish(c, "die", Map.of("exitCode", Integer.toString(exitCode), "execDuration", plan.execSeconds()));
      // Published ports are free again before anyone learns of the exit (as with Docker).
      for (ContainerHooks h : hooks) h.released(id);
      // Waiters (docker run's wait and attach) learn of the exit now; anything they do next with
      // this container takes the lock, so it still sees the cleanup below finished.
      exits.exited(id, exitCode);
      cleanupRuntime(id);
      Files.deleteIfExists(paths.exitFile(id));
      plan.delay().ifPresent(d -> restarts.schedule(id, d));
      return c.config().autoRemove() && plan.autoRemove();
    });
    if (autoRemove) {
      try {
        removeStopped(id, exitCode);
      } catch (IOException | RuntimeException e) {
        System.err.println("berthd: auto-remove of " + id + " failed: " + e.getMessage());
      }
    }
    reapSupervisors();
  }

  /** conmon creates {@code oom} in the bundle when the kernel's OOM killer struck in the container's cgroup. */
  private Path oomFile(String id) { return paths.bundle(id).resolve("oom"); }

  /** Deletes the runtime's record (and so the cgroup) and unmounts the rootfs. Idempotent. */
  private void cleanupRuntime(String id) {
    for (ContainerHooks h : hooks) h.released(id);
    // The runtime keeps its record in <runtime root>/<id> (runc and crun alike): without it there is
    // nothing to delete, and not spawning the runtime keeps ~15 ms off `run --rm`.
    if (Files.exists(paths.runtimeRoot().resolve(id))) {
      try {
        runtime.delete(id, true);
      } catch (RuntimeException e) {
        System.err.println("berthd: runtime delete of " + id + " failed: " + e.getMessage());
      }
    }
    try {
      Mounts.unmount(paths.rootfs(id));
    } catch (IOException e) {
      System.err.println("berthd: unmount of " + id + " failed: " + e.getMessage());
    }
    store.get(id).ifPresent(c -> mounts.released(c, () -> store.all().stream()
        .filter(o -> o.state().running() && !o.id().equals(id)).toList()));
  }

  /** conmon exits just after writing the exit file: collect it shortly after, off the caller's path. */
  private void reapSupervisors() {
    Thread.ofVirtual().name("reap-conmon").start(() -> {
      for (int i = 0; i < 5; i++) {
        try {
          Thread.sleep(100L << i);
        } catch (InterruptedException e) {
          return;
        }
        runtime.reapExited();
      }
    });
  }

  /**
   * The health monitor's update: applies {@code change} to the container's health (starting if none
   * yet) and persists it, provided the container still runs since {@code startedAt}; returns the new
   * health, or empty when it stopped or was started again meanwhile.
   */
  public Optional<ContainerHealth> updateHealth(String id, Instant startedAt, java.util.function.UnaryOperator<ContainerHealth> change) {
    return withLock(id, () -> {
      Optional<Container> oc = store.get(id);
      if (oc.isEmpty() || !oc.get().state().running() || !oc.get().state().startedAt().equals(Optional.of(startedAt))) {
        return Optional.<ContainerHealth>empty();
      }
      ContainerState s = oc.get().state();
      ContainerHealth next = change.apply(s.health().orElse(ContainerHealth.starting()));
      store.updateState(id, s.withHealth(Optional.of(next)));
      return Optional.of(next);
    });
  }

  // ---- stop / kill / wait ----------------------------------------------------------------------

  public void kill(String ref, String signal) {
    Container c = get(ref);
    int sig = Signals.parse(signal);
    if (!c.state().dockerRunning()) throw BerthException.conflict("Container %s is not running", c.id());
    if (restarts.stoppedByUser(c.id(), sig)) return; // it was waiting for a restart: no process to signal
    signal(c, sig, false);
  }

  /** Signals (thawing a paused container) and publishes "kill" under the lock: the exit's "die" comes after. */
  private void signal(Container c, int sig, boolean all) {
    withLock(c.id(), () -> {
      runtime.kill(c.id(), sig, all);
      lifecycle.thawIfPaused(c.id());
      publish(c, "kill", Map.of("signal", Integer.toString(sig)));
      return null;
    });
  }

  /** Sends the stop signal, waits {@code timeout} seconds (-1: forever), then kills. */
  public void stop(String ref, Optional<Integer> timeoutSeconds, Optional<String> signal) {
    Container c = get(ref);
    if (!c.state().dockerRunning()) throw new BerthException.NotModified("container already stopped");
    stopRunning(c, timeoutSeconds, signal);
    publish(c, "stop", Map.of());
  }

  private void stopRunning(Container c, Optional<Integer> timeoutSeconds, Optional<String> signal) {
    int sig = Signals.parse(signal.or(() -> c.config().stopSignal()).orElse("SIGTERM"));
    int timeout = timeoutSeconds.or(() -> c.config().stopTimeout()).orElse(10);
    if (restarts.stoppedByUser(c.id(), Signals.SIGKILL)) return; // waiting for a restart: now just exited
    CompletableFuture<Integer> exit = exits.nextExit(c.id());
    try {
      signal(c, sig, false);
      if (timeout < 0) exit.get();
      else exit.get(timeout, TimeUnit.SECONDS);
      return;
    } catch (TimeoutException e) {
      // Docker's behaviour: after the grace period the process is killed.
    } catch (Exception e) {
      if (!isRunning(c.id())) return;
    }
    killAndAwait(c.id());
  }

  private void killAndAwait(String id) {
    CompletableFuture<Integer> exit = exits.nextExit(id);
    try {
      Optional<Container> c = find(id);
      if (c.isEmpty()) return;
      signal(c.get(), Signals.SIGKILL, true);
    } catch (RuntimeException e) {
      if (!isRunning(id)) return;
      throw e;
    }
    try {
      exit.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw BerthException.internal("container " + id + " did not exit after SIGKILL", e);
    }
  }

  /** Docker's wait conditions. */
  public enum WaitCondition { NOT_RUNNING, NEXT_EXIT, REMOVED }

  /**
   * The future of the exit code for {@code condition}, taken now (before the caller answers its
   * client), so that an exit between this call and the client's next request is not missed.
   */
  public CompletableFuture<Integer> waitFor(String ref, WaitCondition condition) {
    Container c = get(ref);
    return switch (condition) {
      case NEXT_EXIT -> exits.nextExit(c.id());
      case REMOVED -> {
        CompletableFuture<Integer> removed = exits.removed(c.id());
        yield find(c.id()).isPresent() ? removed : CompletableFuture.completedFuture(c.state().exitCode());
      }
      case NOT_RUNNING -> {
        // The future first, the state second: an exit in between (onExit stores the state, then
        // completes the future) is then seen in one or the other, never missed.
        CompletableFuture<Integer> next = exits.nextExit(c.id());
        Container now = find(c.id()).orElse(c);
        yield now.state().running() ? next : CompletableFuture.completedFuture(now.state().exitCode());
      }
    };
  }

  // ---- remove ----------------------------------------------------------------------------------

  public void remove(String ref, boolean force) throws IOException {
    remove(ref, force, false);
  }

  /** As above; {@code removeVolumes} ({@code rm -v}) also removes the anonymous volumes it made. */
  public void remove(String ref, boolean force, boolean removeVolumes) throws IOException {
    Container c = get(ref);
    if (!c.state().canRemoveWithoutForce()) {
      if (!force) throw c.state().removalRefused(c.id());
      if (!restarts.stoppedByUser(c.id(), Signals.SIGKILL)) killAndAwait(c.id());
    }
    // An --rm container removes itself when it exits: then there is nothing left to do.
    Optional<Container> left = find(c.id());
    if (left.isPresent()) removeStopped(c.id(), left.get().state().exitCode(), removeVolumes);
  }

  /** False also when the container is gone (an --rm container removes itself on exit). */
  public boolean isRunning(String id) {
    return find(id).map(x -> x.state().running()).orElse(false);
  }

  /** Docker's --rm also removes the container's anonymous volumes. */
  private void removeStopped(String id, int exitCode) throws IOException {
    removeStopped(id, exitCode, true);
  }

  private void removeStopped(String id, int exitCode, boolean removeVolumes) throws IOException {
    boolean removed = withLock(id, () -> {
      Optional<Container> oc = store.get(id);
      if (oc.isEmpty()) return false;
      if (oc.get().state().running()) {
        throw BerthException.conflict("You cannot remove a running container %s", id);
      }
      cleanupRuntime(id);
      snapshotter.remove(snapshotKey(id));
      AtomicFiles.deleteRecursively(paths.bundle(id));
      Files.deleteIfExists(paths.exitFile(id));
      store.delete(id);
      for (ContainerHooks h : hooks) h.removed(id);
      if (removeVolumes) mounts.removeAnonymous(oc.get());
      restarts.forget(id);
      publish(oc.get(), "destroy", Map.of());
      return true;
    });
    if (removed) exits.removed(id, exitCode);
  }

  // ---- recovery --------------------------------------------------------------------------------

  /**
   * After a berthd restart: containers recorded as running whose runtime no longer knows them (a
   * reboot, or an exit whose file is gone) are marked exited; exits that happened while berthd was
   * down are delivered by the exit watcher's rescan.
   */
  public void recover() {
    for (Container c : store.all()) {
      if (!c.state().running()) continue;
      if (Files.exists(paths.exitFile(c.id()))) continue; // the watcher delivers it
      boolean alive = runtime.state(c.id()).map(s -> !s.status().equals("stopped")).orElse(false);
      if (!alive) onExit(c.id(), 255, Instant.now());
    }
    restarts.recoverAtBoot();
  }

  // ---- locking ---------------------------------------------------------------------------------

  /** Work on a container's current record while its lock is held. */
  @FunctionalInterface
  public interface Locked<T> {
    T run(Container current) throws IOException;
  }

  /**
   * Runs {@code work} with the current record of container {@code ref} under its lock: no start, exit
   * handling or removal of it happens meanwhile (the archive API mounts a stopped container's rootfs).
   */
  public <T> T locked(String ref, Locked<T> work) {
    String id = get(ref).id();
    return withLock(id, () -> work.run(get(id)));
  }

  @FunctionalInterface
  interface LockedWork<T> {
    T run() throws IOException;
  }

  <T> T withLock(String id, LockedWork<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.run();
    } catch (IOException e) {
      throw BerthException.internal(e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
