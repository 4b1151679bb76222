package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerState;
import io.berth.engine.image.ImageService;
import io.berth.http.Headers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version}, {@code /info}: what clients call first to find and size us up. */
public final class SystemRoutes {
  private final DaemonInfo daemon;
  private final ContainerService containers;
  private final ImageService images;
  private final HostFacts host = HostFacts.read();

  public SystemRoutes(DaemonInfo daemon, ContainerService containers, ImageService images) {
    this.daemon = daemon;
    this.containers = containers;
    this.images = images;
  }

  public void register(Router r) {
    r.add("GET", "/_ping", this::ping);
    r.add("HEAD", "/_ping", this::ping);
    r.add("GET", "/version", req -> Responses.json(req, 200, version()));
    r.add("GET", "/info", req -> Responses.json(req, 200, info()));
  }

  private void ping(ApiRequest req) throws java.io.IOException {
    Headers h = new Headers();
    h.set("Content-Type", "text/plain; charset=utf-8");
    h.set("Cache-Control", "no-cache, no-store, must-revalidate");
    h.set("Pragma", "no-cache");
    h.set("Builder-Version", "1");
    req.exchange().respond(200, h, "OK".getBytes());
  }

  Map<String, Object> version() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ApiVersion", ApiVersion.CURRENT.toString());
    details.put("Arch", "amd64");
    details.put("BuildTime", "");
    details.put("Experimental", "false");
    details.put("GitCommit", daemon.gitCommit());
    details.put("GoVersion", javaVersion());
    details.put("KernelVersion", host.kernelVersion());
    details.put("MinAPIVersion", ApiVersion.MIN.toString());
    details.put("Os", "linux");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Platform", Docs.obj("Name", "Berth Engine"));
    v.put("Components", List.of(
        Docs.obj("Name", "Engine", "Version", daemon.version(), "Details", details),
        Docs.obj("Name", daemon.defaultRuntime(), "Version", daemon.runtimeVersion(),
            "Details", Docs.obj("GitCommit", ""))));
    v.put("Version", daemon.version());
    v.put("ApiVersion", ApiVersion.CURRENT.toString());
    v.put("MinAPIVersion", ApiVersion.MIN.toString());
    v.put("GitCommit", daemon.gitCommit());
    v.put("GoVersion", javaVersion());
    v.put("Os", "linux");
    v.put("Arch", "amd64");
    v.put("KernelVersion", host.kernelVersion());
    v.put("BuildTime", "");
    return v;
  }

  private static String javaVersion() { return "java" + Runtime.version().feature(); }

  Map<String, Object> info() {
    List<Container> all = containers.list();
    long running = all.stream().filter(c -> c.state().status() == ContainerState.Status.RUNNING).count();
    long paused = all.stream().filter(c -> c.state().status() == ContainerState.Status.PAUSED).count();
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("ID", daemon.engineId());
    i.put("Containers", all.size());
    i.put("ContainersRunning", running);
    i.put("ContainersPaused", paused);
    i.put("ContainersStopped", all.size() - running - paused);
    i.put("Images", images.list().size());
    i.put("Driver", "overlayfs");
    i.put("DriverStatus", List.of(List.of("driver-type", "io.containerd.snapshotter.v1")));
    i.put("Plugins", Docs.obj("Volume", List.of("local"), "Network", List.of("none"),
        "Authorization", List.of(), "Log", List.of("k8s-file")));
    i.put("MemoryLimit", true);
    i.put("SwapLimit", true);
    i.put("CpuCfsPeriod", true);
    i.put("CpuCfsQuota", true);
    i.put("CPUShares", true);
    i.put("CPUSet", true);
    i.put("PidsLimit", true);
    i.put("OomKillDisable", true);
    i.put("IPv4Forwarding", true);
    i.put("Debug", daemon.debug());
    i.put("NFd", 0);
    i.put("NGoroutines", Thread.activeCount());
    i.put("SystemTime", Instant.now().toString());
    i.put("LoggingDriver", "k8s-file");
    i.put("CgroupDriver", "cgroupfs");
    i.put("CgroupVersion", host.cgroupVersion());
    i.put("NEventsListener", containers.events().listenerCount());
    i.put("KernelVersion", host.kernelVersion());
    i.put("OperatingSystem", host.operatingSystem());
    i.put("OSVersion", host.osVersion());
    i.put("OSType", "linux");
    i.put("Architecture", "x86_64");
    i.put("IndexServerAddress", "https://index.docker.io/v1/");
    i.put("RegistryConfig", Docs.obj("IndexConfigs", Docs.obj(), "InsecureRegistryCIDRs", List.of("127.0.0.0/8"),
        "Mirrors", List.of()));
    i.put("NCPU", host.ncpu());
    i.put("MemTotal", host.memTotal());
    i.put("DockerRootDir", daemon.dataRoot().toString());
    i.put("HttpProxy", "");
    i.put("HttpsProxy", "");
    i.put("NoProxy", "");
    i.put("Name", host.hostname());
    i.put("Labels", List.of());
    i.put("ExperimentalBuild", false);
    i.put("ServerVersion", daemon.version());
    Map<String, Object> runtimes = new LinkedHashMap<>();
    daemon.runtimes().forEach((name, path) -> runtimes.put(name, Docs.obj("path", path)));
    i.put("Runtimes", runtimes);
    i.put("DefaultRuntime", daemon.defaultRuntime());
    i.put("Swarm", Docs.obj("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
        "Error", "", "RemoteManagers", List.of()));
    i.put("LiveRestoreEnabled", true);
    i.put("Isolation", "");
    i.put("InitBinary", "");
    i.put("ContainerdCommit", Docs.obj("ID", "", "Expected", ""));
    i.put("RuncCommit", Docs.obj("ID", "", "Expected", ""));
    i.put("InitCommit", Docs.obj("ID", "", "Expected", ""));
    i.put("SecurityOptions", List.of("name=seccomp,profile=builtin"));
    i.put("Warnings", List.of());
    return i;
  }
}
