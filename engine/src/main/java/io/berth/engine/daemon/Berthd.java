package io.berth.engine.daemon;

import io.berth.engine.api.ApiServer;
import io.berth.engine.api.ArchiveRoutes;
import io.berth.engine.api.ContainerRoutes;
import io.berth.engine.api.DaemonInfo;
import io.berth.engine.api.EventRoutes;
import io.berth.engine.api.ExecRoutes;
import io.berth.engine.api.ImageRoutes;
import io.berth.engine.api.LifecycleRoutes;
import io.berth.engine.api.Router;
import io.berth.engine.api.StreamRoutes;
import io.berth.engine.api.SystemRoutes;
import io.berth.engine.events.EventBus;
import io.berth.engine.network.PredefinedNetworks;
import io.berth.engine.api.NetworkRoutes;
import io.berth.engine.container.BundleWriter;
import io.berth.engine.container.ContainerArchive;
import io.berth.engine.container.ContainerLogs;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerStore;
import io.berth.engine.container.ExecHealthProbe;
import io.berth.engine.container.ExecService;
import io.berth.engine.container.HealthMonitor;
import io.berth.engine.image.ArchiveLoader;
import io.berth.engine.image.ArchiveSaver;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.ImageStore;
import io.berth.engine.image.LayerStore;
import io.berth.engine.image.RootfsImporter;
import io.berth.engine.runtime.ConmonRuntime;
import io.berth.engine.logs.LogReader;
import io.berth.engine.logs.LogRotator;
import io.berth.engine.runtime.ExitWatcher;
import io.berth.engine.snapshot.OverlaySnapshotter;
import io.berth.http.Endpoint;
import io.berth.http.server.HttpServer;
import io.berth.http.server.ServerOptions;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import io.berth.store.LocalContentStore;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * berthd's entry point and composition root. Start-up: lock the data root, open the stores,
 * re-adopt containers (exits that happened while berthd was down are delivered by the exit
 * watcher's rescan), then listen. SIGTERM/SIGINT close the listeners and the stores; containers
 * keep running under conmon, as with Docker's live-restore.
 */
public final class Berthd implements AutoCloseable {
  public static final String VERSION = io.berth.oci.BerthVersion.VERSION;

  private final List<AutoCloseable> resources = new ArrayList<>();

  public static void main(String[] args) {
    DaemonOptions opts;
    try {
      opts = DaemonOptions.parse(args);
    } catch (BerthException e) {
      System.err.println("berthd: " + e.getMessage());
      System.exit(125);
      return;
    }
    if (opts.help()) {
      System.out.print(DaemonOptions.USAGE);
      return;
    }
    if (opts.version()) {
      System.out.println("Berth version " + VERSION);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (Berthd daemon = new Berthd()) {
      daemon.start(opts);
      // SIGTERM/SIGINT: the hook lets main close everything, and holds the JVM until it has.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        try {
          closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "berthd-shutdown"));
      System.err.println("berthd: API listening on " + String.join(", ", opts.hosts()));
      stop.await();
      System.err.println("berthd: shutting down (containers keep running)");
    } catch (BerthException e) {
      System.err.println("berthd: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      System.err.println("berthd: failed to start: " + e);
      e.printStackTrace();
      System.exit(1);
    } finally {
      closed.countDown();
    }
  }

  /** Wires everything and starts listening; returns once the API is served. */
  public void start(DaemonOptions opts) throws IOException {
    Files.createDirectories(opts.dataRoot());
    Files.createDirectories(opts.execRoot());
    resources.add(DataRootLock.acquire(opts.dataRoot()));
    Path tmp = opts.dataRoot().resolve("tmp");
    AtomicFiles.deleteRecursively(tmp); // leftovers of loads interrupted by a crash
    Files.createDirectories(tmp);
    Consumer<String> debug = opts.debug() ? m -> System.err.println("berthd: " + m) : m -> {};
    // sqlite-jdbc unpacks its native library into java.io.tmpdir and cleans it up only on a normal
    // exit; after a kill -9 the copy would stay in /tmp for good. Under <data-root>/tmp it is wiped
    // at the next start (above).
    if (System.getProperty("org.sqlite.tmpdir") == null) System.setProperty("org.sqlite.tmpdir", tmp.toString());

    MetadataStore db = MetadataStore.open(opts.dataRoot().resolve("berth.db"));
    resources.addFirst(db);
    var content = new LocalContentStore(opts.dataRoot().resolve("content"));
    var snapshotter = new OverlaySnapshotter(opts.dataRoot(), db);
    var paths = new ContainerPaths(opts.dataRoot(), opts.execRoot());
    Files.createDirectories(paths.containersDir());
    Files.createDirectories(paths.exitDir());

    // conmon double-forks: as a subreaper berthd gets the orphaned conmons and can reap them.
    io.berth.engine.sys.Processes.becomeSubreaper();
    Path runtimeBinary = Binaries.find(opts.runtime());
    var runtime = new ConmonRuntime(Binaries.find("conmon"), runtimeBinary, paths.runtimeRoot(), paths.socketDir());
    var containerStore = new ContainerStore(db);
    var events = new EventBus();
    var images = new ImageService(new ImageStore(db), new LayerStore(db, content, snapshotter), content,
        id -> containerStore.usingImage(id).stream()
            .map(c -> new ImageService.ImageUser(c.id(), c.state().running())).toList(), events);
    var cgroups = io.berth.engine.cgroups.Cgroups.forHost();
    var admission = new io.berth.engine.container.ResourceAdmission(cgroups.features(), cgroups.layout(),
        Runtime.getRuntime().availableProcessors(), io.berth.engine.container.Ulimits.hostHardLimits(),
        io.berth.engine.container.spec.HostFacts.probe().capabilityBoundingSet().contains("CAP_SYS_RESOURCE"));
    var containers = new ContainerService(containerStore, paths, images, snapshotter, runtime,
        new BundleWriter(initBinary(opts)), events, admission);
    var volumes = new io.berth.engine.volume.VolumeService(new io.berth.engine.volume.VolumeStore(db,
        opts.dataRoot().resolve("volumes")), new io.berth.engine.container.VolumeUsers(containerStore),
        java.time.Clock.systemUTC());
    containers.useVolumes(volumes);

    var predefined = PredefinedNetworks.load(opts.dataRoot(), Path.of("/proc/net/route"));
    String engineId = engineId(opts.dataRoot());
    // Firewall rules are tagged with this daemon's owner tag, so a daemon only ever cleans up its own.
    var wired = PublishedPorts.start(db, events, containers, containerStore, paths, predefined, opts.defaultBindIp(),
        engineId.replace("-", "").substring(0, 12));
    var ports = wired.ports();
    resources.addFirst(ports);
    resources.addFirst(wired.dns());

    resources.addFirst(ExitWatcher.start(paths.exitDir(), containers::onExit));
    containers.recover();
    wired.attachments().sweep();
    // Garbage collection from explicit roots; at start-up nothing is in flight, so the leftovers of a
    // crash (half-unpacked layers, blobs and layers of a load no image row names) go too.
    var containerRoots = new io.berth.engine.container.ContainerGcRoots(containerStore);
    var gc = new io.berth.engine.gc.GarbageCollector(content, images.layers(), snapshotter, images.leases(),
        List.of(new io.berth.engine.image.ImageGcRoots(images), containerRoots)).install();
    try {
      gc.collectAtStartup();
    } catch (BerthException e) {
      System.err.println("berthd: start-up garbage collection skipped: " + e.getMessage());
    }
    // log rotation for running containers (re-adopted ones too) and those started from now on
    var rotator = new LogRotator(java.time.Duration.ofSeconds(2));
    resources.addFirst(rotator);
    var containerLogs = new ContainerLogs(containers, rotator);
    containerLogs.start();
    resources.addFirst(containerLogs);
    var logs = new LogReader();
    resources.addFirst(logs);

    var info = new DaemonInfo(VERSION, "", engineId, opts.dataRoot(), opts.runtime(),
        runtimes(), runtime.version(), opts.debug());
    Router router = new Router();
    new SystemRoutes(info, containers, images).register(router);
    var registries = new io.berth.engine.registry.Registries(opts.insecureRegistries(), opts.registryCertsDirs());
    var puller = new io.berth.engine.registry.ImagePuller(images, registries);
    var registryRoutes = new io.berth.engine.api.RegistryRoutes(puller,
        new io.berth.engine.registry.ImagePusher(images, registries), registries);
    registryRoutes.register(router);
    new ImageRoutes(images, new RootfsImporter(images), new ArchiveLoader(images, tmp), new ArchiveSaver(images),
        java.util.Optional.of(registryRoutes::pull)).register(router);
    var execs = new ExecService(containers, runtime, opts.execRoot().resolve("exec"),
        io.berth.engine.container.spec.HostFacts.probe().capabilityBoundingSet());
    new ContainerRoutes(containers, ports::ports, execs::activeIds, opts.logDefaults())
        .networks(wired.attachments()::current).register(router);
    new ArchiveRoutes(new ContainerArchive(containers, snapshotter, paths)).register(router);
    new io.berth.engine.api.ExportRoutes(new io.berth.engine.container.ContainerExport(containers, snapshotter, paths))
        .register(router);
    new StreamRoutes(containers, logs).register(router);
    new io.berth.engine.api.CommitRoutes(images, containers, snapshotter, tmp, ports::ports).register(router);
    new ExecRoutes(execs).register(router);
    resources.addFirst(HealthMonitor.over(containers, new ExecHealthProbe(execs)).start(events));
    new LifecycleRoutes(containers.lifecycle()).register(router);
    new EventRoutes(events).register(router);
    new io.berth.engine.api.VolumeRoutes(volumes).register(router);
    new NetworkRoutes(wired.networks(), wired.attachments(), id -> containers.find(id).map(c -> c.name()))
        .register(router);
    var buildCache = new io.berth.engine.build.BuildCache(db);
    var buildPruner = new io.berth.engine.build.BuildCachePruner(images, buildCache, gc,
        id -> !containerStore.usingImage(id).isEmpty());
    new io.berth.engine.api.StoreRoutes(containers, ports::ports, new io.berth.engine.gc.DiskUsage(images, containers::list),
        new io.berth.engine.gc.ImagePruner(images, gc, events), new io.berth.engine.gc.StoreCheck(content, snapshotter,
            opts.dataRoot(), images, containerRoots, gc, images.leases()),
        () -> io.berth.engine.api.BuildRoutes.usage(buildPruner)).volumes(volumes).register(router);
    new io.berth.engine.api.ResourceRoutes(new io.berth.engine.container.ContainerUpdater(containers, containerStore,
        cgroups)).register(router);
    new io.berth.engine.api.StatsRoutes(containers, cgroups, io.berth.engine.cgroups.HostCpu.forHost(), Path.of("/proc"))
        .register(router);
    var archive = new ContainerArchive(containers, snapshotter, paths);
    var committer = new io.berth.engine.image.ImageCommitter(images, containers, snapshotter, tmp, c -> {
      throw new IllegalStateException("the builder commits with its own configuration");
    });
    var builder = new io.berth.engine.build.Builder(images, committer, containers, archive, logs, snapshotter,
        buildCache, tmp, opts.dataRoot().resolve("build").resolve("cache-mounts"))
        // FROM a missing image pulls it (anonymously: the build's X-Registry-Config is not read yet)
        .withPuller((ref, progress) -> puller.pull(ref, java.util.Optional.empty(),
            io.berth.distribution.RegistryCredentials.ANONYMOUS, new io.berth.engine.registry.ProgressStream(() -> progress)));
    int leftovers = builder.removeLeftovers();
    if (leftovers > 0) debug.accept("removed " + leftovers + " build step container(s) an interrupted build left");
    new io.berth.engine.api.BuildRoutes(builder, buildPruner, tmp).register(router);
    ApiServer api = new ApiServer(router, VERSION, debug);

    List<Endpoint> endpoints = opts.hosts().stream().map(Endpoint::parse).toList();
    for (Endpoint e : endpoints) {
      if (e instanceof Endpoint.Unix u) Files.createDirectories(u.path().toAbsolutePath().getParent());
    }
    HttpServer server = HttpServer.start(endpoints, api,
        ServerOptions.defaults());
    resources.addFirst(server);
  }

  /**
   * The static init {@code --init} bind-mounts into containers: {@code --init-path}, else Docker's
   * {@code docker-init} or Debian's {@code tini-static} (package tini) from PATH.
   */
  private static java.util.Optional<Path> initBinary(DaemonOptions opts) throws IOException {
    if (opts.initPath().isPresent()) {
      Path p = opts.initPath().get();
      if (!Files.isRegularFile(p)) throw BerthException.invalid("--init-path %s: no such file", p);
      return java.util.Optional.of(p.toRealPath());
    }
    var found = Binaries.lookup("docker-init").or(() -> Binaries.lookup("tini-static"));
    return found.isPresent() ? java.util.Optional.of(found.get().toRealPath()) : java.util.Optional.empty();
  }

  private static Map<String, String> runtimes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : List.of("runc", "crun")) {
      Binaries.lookup(name).ifPresent(p -> out.put(name, p.toString()));
    }
    return out;
  }

  /** A stable ID for this data root, as dockerd's engine ID. */
  private static String engineId(Path dataRoot) throws IOException {
    Path file = dataRoot.resolve("engine-id");
    if (Files.exists(file)) return Files.readString(file).trim();
    String id = UUID.randomUUID().toString();
    AtomicFiles.write(file, (id + "\n").getBytes());
    return id;
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        System.err.println("berthd: error while closing " + r + ": " + e.getMessage());
      }
    }
    resources.clear();
    CgroupParents.removeEmpty(java.nio.file.Path.of("/sys/fs/cgroup"));
  }
}
